@{
    Synopsis    = 'Holds deployments of the project by taking its deployment lock, with a message.'
    Description = @'
Lock-BgDeployment takes the project's deployment lock in SSM Parameter Store (the parameter <prefix>lock, created only if absent), so every deployment cmdlet, from any laptop, CI runner or scheduled job, is refused with an error that names the holder (user@host), the time, the operation and your message. Use it to hold deployments during an incident.

When the lock is already held, Lock-BgDeployment is refused the same way (error id LockBgDeploymentDeploymentLocked, category ResourceBusy) and changes nothing. It emits the lock it took; keep its LockId: Unlock-BgDeployment -LockId releases it.
'@
    Parameters  = @{
        Message         = 'Why deployments are held (at most 512 characters, one line). Shown to everyone who is refused.'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory; without one, -Project is enough.'
        Project         = 'The project whose deployment state to use (overrides the project file). The state lives under State.Prefix, default /bluegreen/<Project>/.'
        LoadBalancer    = 'Overrides the load balancer of the project file. Not needed for the deployment state.'
        TargetGroupName = "Overrides the project's two target groups. Not needed for the deployment state."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS SSM (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentLock'; Description = 'The lock taken: LockId, Holder, Operation, AcquiredAt (UTC) and Message.' })
    Examples    = @(
        @{
            Title   = 'Hold deployments during an incident'
            Code    = '$hold = Lock-BgDeployment -Message ''INC-4711: database failover in progress'''
            Remarks = 'Takes the lock of the project in bluegreen.psd1. Until $hold.LockId is released, every deployment is refused naming you and the message.'
        }
        @{
            Title   = 'Hold, and release when the incident is over'
            Code    = '$hold = Lock-BgDeployment -Project shop -Message ''Black Friday freeze''; Unlock-BgDeployment -Project shop -LockId $hold.LockId -Confirm:$false'
            Remarks = 'Takes the lock of project shop without a project file, then releases it with its lock id, without asking.'
        }
    )
    Links       = @('Unlock-BgDeployment', 'Get-BgDeploymentLock', 'Get-BgDeployment')
}
