@{
    Synopsis    = 'Releases a deployment hold, or breaks the lock a crashed or stuck deployment left behind.'
    Description = @'
Unlock-BgDeployment deletes the project's deployment lock in SSM Parameter Store, but only the lock whose id you give: when the current lock has another id (someone else took it since), nothing changes and the error (UnlockBgDeploymentDeploymentLockIdMismatch) names the holder. With no lock at all the error is UnlockBgDeploymentDeploymentLockNotFound.

A deployment that fails keeps its lock on purpose, so that nobody deploys over a half-done deployment. Look at it first (Get-BgDeployment -InProgress, Get-BgDeploymentLock) and break the lock only when you know its holder is gone. It is High impact: it asks, naming the holder; -Force or -Confirm:$false does not ask (for scheduled jobs). -WhatIf shows what would be released and changes nothing.

Read-compare-delete is not atomic (SSM has no conditional delete): the lock is read twice and its version compared just before deleting, which leaves only a very small window.
'@
    Parameters  = @{
        LockId          = 'The id of the lock to release: 16 hex digits, as Lock-BgDeployment and Get-BgDeploymentLock show it. Taken from the pipeline by property name.'
        Force           = 'Does not ask for confirmation (-WhatIf still changes nothing).'
        PassThru        = 'Emits the lock that was released.'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory; without one, -Project is enough.'
        Project         = 'The project whose deployment state to use (overrides the project file). The state lives under State.Prefix, default /bluegreen/<Project>/.'
        LoadBalancer    = 'Overrides the load balancer of the project file. Not needed for the deployment state.'
        TargetGroupName = "Overrides the project's two target groups. Not needed for the deployment state."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS SSM (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Deployment.DeploymentLock'; Description = 'A lock from Get-BgDeploymentLock or Lock-BgDeployment (its LockId).' })
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentLock'; Description = 'With -PassThru, the lock that was released.' })
    Examples    = @(
        @{
            Title   = 'Release your own hold'
            Code    = '$hold = Lock-BgDeployment -Message ''maintenance''; Unlock-BgDeployment -LockId $hold.LockId'
            Remarks = 'Asks for confirmation (naming the holder), then releases the hold taken on the first line.'
        }
        @{
            Title   = 'Break the lock of a crashed deployment'
            Code    = 'Get-BgDeployment -InProgress; Get-BgDeploymentLock | Unlock-BgDeployment -Force -PassThru'
            Remarks = 'Shows the deployment that was cut off and its journal, then breaks the lock it left, without asking, and shows the lock that was broken.'
        }
    )
    Links       = @('Lock-BgDeployment', 'Get-BgDeploymentLock', 'Get-BgDeployment')
}
