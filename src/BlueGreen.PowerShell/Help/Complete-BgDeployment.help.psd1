@{
    Synopsis    = "Ends a Succeeded deployment: drains and removes the old release's machines, after which it can no longer be undone."
    Description = @'
Complete-BgDeployment removes the machines a Succeeded deployment kept for Undo-BgDeployment: the old release's machines, now in the idle group. Without -Id it takes the project's latest deployment.

It refuses, changing nothing, a deployment that is not Succeeded (DeploymentNotSucceeded: a Ready one is resumed with Resume-BgDeployment, a Failed one resumed or undone, a RolledBack one has its new machines removed by Undo-BgDeployment, a Completed one has nothing left), and one whose bake time (the -BakeTime it was started with) has not passed since the switch (BakeTimeNotOver), unless -Force.

Then it takes the project's lock for the deployment, records the step RemoveOldMachines, and removes each kept machine that is still running with Remove-BgMachine's guards and one ShouldProcess each: deregistered from its target group, drained (at most Deployment.DrainTimeoutSeconds), removed with its provider. When every kept machine is gone the deployment is recorded Completed; if some remain (declined, or failed) it stays Succeeded. Either way the lock is released.

A failure leaves the new release live and the deployment Succeeded with the lock released; the error (id prefixed CompleteBgDeployment, e.g. CompleteBgDeploymentRemoveFailed, TargetObject the DeploymentRecord) names what was not removed, and running Complete-BgDeployment again removes what is left.

ConfirmImpact is Medium: scheduled jobs get no prompt unless -Confirm; -WhatIf lists every machine it would remove and changes nothing.
'@
    Parameters  = @{
        Id              = 'Id of the deployment to complete, e.g. 20261201-085300-ab12. Default: the latest deployment of the project. Binds from the Id property of piped objects (Get-BgDeployment, Start-BgDeployment output).'
        Force           = 'Remove the old machines although the bake time since the switch has not passed (Undo-BgDeployment then becomes impossible).'
        Provider        = 'Overrides Machines.Provider of the project file: Ec2 (TerminateInstances) or DockerMachine (docker-machine rm). Binds from piped objects with a Provider property.'
        CommandTimeoutSec = 'Seconds one external command (docker-machine, docker) may run before it is stopped with every process it started. Default: CommandTimeoutSeconds of the project file (900).'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
        WhatIf          = 'Lists each old machine it would deregister, drain and remove, and changes nothing.'
        Confirm         = 'Asks before removing each old machine.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'A deployment (Get-BgDeployment, Start-BgDeployment); its Id binds by property name.' })
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'The deployment as recorded at the end: Completed, or Succeeded when some old machines remain.' })
    Examples    = @(
        @{
            Title   = 'Release, then remove the old machines'
            Code    = 'Start-BgDeployment -Release v43 | Complete-BgDeployment'
            Remarks = 'Once the release has baked and Succeeded, its old machines are drained and removed and the deployment recorded Completed. If the deployment fails or rolls back, the error stops the pipeline and nothing is removed.'
        }
        @{
            Title   = 'See which machines would go'
            Code    = 'Complete-BgDeployment -WhatIf'
            Remarks = 'Lists the old machines of the latest deployment that would be deregistered, drained and removed; nothing changes.'
        }
        @{
            Title   = 'Complete before the bake time is over'
            Code    = 'Complete-BgDeployment -Id 20261201-085300-ab12 -Force -Confirm'
            Remarks = 'Removes the old machines now, asking before each; after this the deployment can no longer be undone.'
        }
    )
    Links       = @('Start-BgDeployment', 'Resume-BgDeployment', 'Undo-BgDeployment', 'Get-BgDeployment', 'Remove-BgMachine')
}
