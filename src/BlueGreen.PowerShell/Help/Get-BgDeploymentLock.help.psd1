@{
    Synopsis    = "Gets the project's deployment lock, if anyone holds it."
    Description = @'
Get-BgDeploymentLock reads the project's deployment lock from SSM Parameter Store and returns it: its LockId, the holder (user@host), the operation that took it (a deployment cmdlet and its deployment id, or Lock-BgDeployment), the release, when it was taken (UTC) and the message. It returns nothing when the project is not locked. Pipe it to Unlock-BgDeployment to release or break it.
'@
    Parameters  = @{
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory; without one, -Project is enough.'
        Project         = 'The project whose deployment state to use (overrides the project file). The state lives under State.Prefix, default /bluegreen/<Project>/.'
        LoadBalancer    = 'Overrides the load balancer of the project file. Not needed for the deployment state.'
        TargetGroupName = "Overrides the project's two target groups. Not needed for the deployment state."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS SSM (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentLock'; Description = 'The current lock; nothing when there is none.' })
    Examples    = @(
        @{
            Title   = 'Who is deploying?'
            Code    = 'Get-BgDeploymentLock'
            Remarks = 'Shows the lock of the project in bluegreen.psd1: id, holder, operation, time and message.'
        }
        @{
            Title   = 'Break a lock left by a crashed job'
            Code    = 'Get-BgDeploymentLock -Project shop | Unlock-BgDeployment -Confirm'
            Remarks = 'Asks, naming the holder, before breaking the lock of project shop.'
        }
    )
    Links       = @('Lock-BgDeployment', 'Unlock-BgDeployment', 'Get-BgDeployment')
}
