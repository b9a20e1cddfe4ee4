@{
    Synopsis    = 'Goes on with a deployment that is Ready, Failed or cut off, from its first step not done, with the options it was started with.'
    Description = @'
Resume-BgDeployment finishes a deployment that Start-BgDeployment left unfinished: one paused Ready by -StopBeforeSwitch, one that failed or was stopped (Ctrl+C) and is recorded Failed, or, with -Force, one still recorded InProgress whose process died (kill -9, a lost machine). Without -Id it takes the project's latest deployment. It asks ShouldProcess once, naming the deployment, its status and its last step.

It reads the options the deployment was started with from its journal (release, count, maintenance policy, canary, bake, health timeout, -AllowIrreversible, -SkipSmokeCheck, -RollbackOnFailure...); they cannot be changed here. It takes the project's lock for the deployment, or adopts the lock the deployment still holds (a Failed or Ready deployment keeps it); a lock held by anyone else is refused with DeploymentLocked, and a deployment recorded InProgress is refused with DeploymentStillRunning unless -Force. It then marks the deployment InProgress and runs Start-BgDeployment's steps again from the first one not recorded Succeeded or Skipped:

- a launch cut off is finished: machines of the planned names that are running get docker compose up and are registered in the idle group, the missing ones are launched under fresh names;

- before the switch, the wait for health always runs again; the migration check, the smoke check and the -BeforeSwitch checks run only if they were not done;

- a Ready deployment goes on to maintenance, migrate and the switch (the pause is not repeated);

- a step recorded Started but never ended (a crash) is run again: migrate applies what is still pending, a switch that already happened is recognised;

- once traffic is on the new release, a maintenance window the journal shows open is closed before the canary watch or the bake.

The scriptblocks of -BeforeSwitch and -AfterSwitch are not recorded by Start-BgDeployment: pass them again. -BeforeSwitch checks given to Resume-BgDeployment run again before the switch even when the BeforeSwitch step was done (a Ready deployment may have waited for hours); without them a done step is not repeated.

A maintenance window left open by a run that was cut off (kill -9) is closed first, before anything else; it opens again at MaintenanceOn when the switch still needs it. The options are those Start-BgDeployment recorded; only -AllowIrreversible can be added, to go on knowingly past irreversible pending migrations.

A failure is handled as in Start-BgDeployment: maintenance off, the deployment Failed with the lock kept (or RolledBack with -RollbackOnFailure before the switch), a terminating error whose id keeps the failing step's id prefixed by this cmdlet (e.g. ResumeBgDeploymentHealthTimeout) and whose TargetObject is the DeploymentRecord. A degraded canary or bake rolls traffic back automatically, as in Start-BgDeployment (ResumeBgDeploymentDeploymentRolledBack). Succeeded, Completed and RolledBack deployments are refused with NothingToResume, changing nothing.

ConfirmImpact is Medium: scheduled jobs get no prompt unless -Confirm.
'@
    Parameters  = @{
        Id              = 'Id of the deployment to resume, e.g. 20261201-085300-ab12. Default: the latest deployment of the project. Binds from the Id property of piped objects (Get-BgDeployment, Start-BgDeployment output).'
        AllowIrreversible = 'Go on although the new release has irreversible pending migrations (a deployment stopped by IrreversiblePendingMigration); recorded in the journal. They can then not be reverted by Undo-BgDeployment.'
        Force           = 'Take over a deployment recorded InProgress: its process is gone (killed, machine lost) and its lock still held for it. Make sure it is not still running elsewhere (Get-BgDeployment -Id <id> shows its last step).'
        BeforeSwitch    = 'Scriptblocks run before maintenance and the switch, with a BlueGreen.Deployment.ReleaseCheckContext as $_; given here they run again even when the BeforeSwitch step was done. One that throws or outputs $false fails the deployment with BeforeSwitchCheckFailed.'
        AfterSwitch     = 'Scriptblocks run with the same $_ during the canary watch and the bake still to be done. One that throws or outputs $false counts as a degraded release: traffic goes back to the old release automatically.'
        Provider        = 'Overrides Machines.Provider of the project file: Ec2 or DockerMachine. Binds from piped objects with a Provider property.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped with every process it started. Default: CommandTimeoutSeconds of the project file (900).'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
        WhatIf          = 'Names the deployment it would resume, with its status and last step, and changes nothing.'
        Confirm         = 'Asks before resuming.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'A deployment (Get-BgDeployment, Start-BgDeployment -StopBeforeSwitch); its Id binds by property name.' })
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'The deployment as recorded at the end: Succeeded (or Ready again if it had not reached the pause).' })
    Examples    = @(
        @{
            Title   = 'Switch a deployment paused before the switch'
            Code    = 'Get-BgDeployment -First 1 | Resume-BgDeployment -AfterSwitch { (Invoke-WebRequest https://shop.example.com/healthz/ -SkipHttpErrorCheck).StatusCode -eq 200 }'
            Remarks = 'The latest deployment, Ready after Start-BgDeployment -StopBeforeSwitch, goes on with maintenance (if needed), migrate, the switch and the bake; during the bake the live site must answer /healthz/ with 200, or traffic goes back to the old release.'
        }
        @{
            Title   = 'Go on after fixing the cause of a failure'
            Code    = 'Resume-BgDeployment -Id 20261201-085300-ab12'
            Remarks = 'The deployment failed at WaitForHealthy (ResumeBgDeploymentHealthTimeout, say, after a security group was fixed): the wait runs again, then everything after it. Steps already done are not repeated.'
        }
        @{
            Title   = 'Take over a deployment whose process was killed'
            Code    = 'Get-BgDeployment -InProgress | Resume-BgDeployment -Force'
            Remarks = 'The deployment is still recorded InProgress under its lock; -Force adopts the lock. The step recorded Started without an end is run again, and a maintenance window left open is closed first, then opened again for the switch if migrations are still to run.'
        }
    )
    Links       = @('Start-BgDeployment', 'Undo-BgDeployment', 'Complete-BgDeployment', 'Get-BgDeployment', 'Get-BgDeploymentLock')
}
