@{
    Synopsis    = 'Takes a deployment back while its old machines are there: migrations reverted, traffic back on the old release, new machines removed.'
    Description = @'
Undo-BgDeployment takes a deployment back to the release it replaced. It works on a deployment that is Succeeded (not yet completed), Ready, Failed, RolledBack with something left to undo (migrations still applied after an automatic rollback, or new machines still there), or, with -Force, still recorded InProgress by a process that died. Without -Id it takes the project's latest deployment. It asks ShouldProcess once, naming the migrations it would revert, where traffic goes and whether the new machines are removed.

It first checks, reading only, and refuses changing nothing (not even the lock) when the old machines are gone (OldMachinesGone: the deployment is Completed or the old group has no machine; the error names the release to redeploy with Start-BgDeployment), when some old machines are not healthy (OldMachinesUnhealthy: fix or replace them first), or when there is nothing left to undo (NothingToUndo). Then it takes the project's lock for the deployment (or adopts the one the deployment still holds; InProgress needs -Force), marks it InProgress and runs these steps, each recorded in the journal:

1. If the deployment applied migrations that are not reverted yet and they were not all compatible with the old release (as CheckMigrations judged them; see Test-BgMigration): MaintenanceOn (unless the deployment's maintenance policy is Never), then RevertMigrations on one of the new machines (the new release's code has the reverse operations): the migration state of an old and a new machine is compared as Get-BgMigrationDiff does, and Undo-BgMigration's plan is run with one ShouldProcess per step, then checked again. An irreversible step (RevertBlocked) or a step declined or not taken (MigrationsNotReverted) stops the undo with traffic not switched back. Without any new machine left the migrations cannot be reverted (MigrationsNotRevertable). When every migration to revert was compatible with the old release (the old release runs on the new schema), or only the compatible migrations run before the window were applied (the deployment stopped before its Migrate step), or with the policy Never, traffic goes back first and the revert follows, with no window. A rollback (-Rollback) is undone by re-applying what it reverted (ReapplyMigrations) before traffic goes back, with no window when those reverts were compatible with the older release. The decision and its reason are journaled (Get-BgDeployment: UndoDecision).

2. RollBackTraffic: every route back to the old group, verified by reading the load balancer back (Skipped when traffic is there already). A canary split goes back to 0%.

3. MaintenanceOff, when it was turned on in step 1 or the journal shows a window left open by a crashed run.

4. RemoveNewMachines: the new machines are deregistered, drained (Deployment.DrainTimeoutSeconds) and removed, one ShouldProcess each, unless -KeepNewMachines.

The deployment then ends RolledBack (its migrations recorded as reverted) and the lock is released. A failure on the way is handled as in Start-BgDeployment: maintenance off, the deployment Failed with the lock kept, a terminating error whose id keeps the failing step's id prefixed by this cmdlet (e.g. UndoBgDeploymentRevertBlocked) and whose TargetObject is the DeploymentRecord; run Undo-BgDeployment again once the cause is fixed (Resume-BgDeployment would take the release forward instead).

ConfirmImpact is Medium: scheduled jobs get no prompt unless -Confirm, also not for the migration steps and machines; -Confirm asks for each.
'@
    Parameters  = @{
        Id              = 'Id of the deployment to undo, e.g. 20261201-085300-ab12. Default: the latest deployment of the project. Binds from the Id property of piped objects (Get-BgDeployment output).'
        Force           = 'Take over a deployment recorded InProgress whose process is gone (killed, machine lost). It does not relax any check: old machines that are not all healthy are still refused.'
        KeepNewMachines = 'Leave the new machines running (in the now idle group) for a look; Get-BgMachine -Role Idle | Remove-BgMachine removes them later. A later Start-BgDeployment is refused (IdleGroupNotEmpty) until they are gone.'
        Provider        = 'Overrides Machines.Provider of the project file: Ec2 or DockerMachine. Binds from piped objects with a Provider property.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped with every process it started. Default: CommandTimeoutSeconds of the project file (900).'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
        WhatIf          = 'Names the deployment, the migrations it would revert, where traffic would go and the machines it would remove, and changes nothing.'
        Confirm         = 'Asks before the undo, and again before each migration step and each machine removed.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'A deployment (Get-BgDeployment); its Id binds by property name.' })
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'The deployment as recorded at the end: RolledBack.' })
    Examples    = @(
        @{
            Title   = 'Take back the latest release'
            Code    = 'Undo-BgDeployment -Confirm'
            Remarks = 'Reverts the migrations the latest deployment applied (in maintenance), sends traffic back to the old machines, turns maintenance off and removes the new machines, asking before each migration step and each machine.'
        }
        @{
            Title   = 'Revert the migrations left after an automatic rollback'
            Code    = 'Get-BgDeployment -First 1 | Where-Object Status -eq RolledBack | Undo-BgDeployment'
            Remarks = 'A degraded bake sent traffic back but, without Deployment.RevertMigrationsOnRollback, left the new migrations applied; Undo-BgDeployment reverts them on a new machine (traffic is already back: that step is Skipped) and removes the new machines.'
        }
        @{
            Title   = 'Finish a deployment whose process was killed, keeping the new machines'
            Code    = 'Undo-BgDeployment -Id 20261201-085300-ab12 -Force -KeepNewMachines'
            Remarks = 'Takes over the deployment still recorded InProgress, reverts any migrations it applied, sends traffic back, turns off the maintenance window the journal shows open, and leaves the new machines running for a look.'
        }
    )
    Links       = @('Start-BgDeployment', 'Resume-BgDeployment', 'Complete-BgDeployment', 'Get-BgDeployment', 'Get-BgMigrationDiff', 'Undo-BgMigration')
}
