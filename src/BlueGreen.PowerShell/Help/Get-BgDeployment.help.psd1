@{
    Synopsis    = "Gets the project's deployments, newest first, as their journals in SSM Parameter Store record them."
    Description = @'
Get-BgDeployment reads the deployment history of the project from SSM Parameter Store: one record per deployment with its id (e.g. 20261201-085300-ab12, sortable by start time), the release, the colors it moves traffic from and to, who ran it, the machines launched, kept and removed, the migrations applied, the maintenance window and why it was (not) opened, every step with its start, end, outcome and a short error, and the overall status (InProgress, Ready, Succeeded, Failed, RolledBack, Completed).

Steps are written before they take effect and again after, so a deployment cut off by a crash stays InProgress with its last step Started and no end: that step may or may not have been done. -InProgress returns such deployments. The history keeps the newest State.HistoryLimit deployments (default 20).

Maintenance decisions: MaintenanceDecision says whether Start-BgDeployment opened a window and why (e.g. 'no window: every pending migration (1) is compatible with the running release; migrate while it serves, then switch'), MigrationCompatibility lists each pending migration's verdict with its operation, reason and SQL line, and UndoDecision says in which order Undo-BgDeployment (or the automatic rollback) reverted the migrations and sent traffic back, and why. With a mix of compatible and incompatible migrations, MigrationsBeforeWindow lists those migrated before the window opened (while the old release served) and MigrationsInWindow the rest. For a rollback (-Rollback), MigrationCompatibility judges each migration to revert against the older release, and MaintenanceDecision says whether the revert ran after the switch without a window or before it inside one. The default table shows the decisions in its Maintenance column.

The records have an Id property, so they pipe into the deployment cmdlets by property name.
'@
    Parameters  = @{
        Id              = 'Returns the deployments with these ids. Taken from the pipeline by property name.'
        InProgress      = 'Returns only deployments still InProgress: running now, or cut off by a crash.'
        First           = 'Returns only the newest N deployments (1-100).'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory; without one, -Project is enough.'
        Project         = 'The project whose deployment state to use (overrides the project file). The state lives under State.Prefix, default /bluegreen/<Project>/.'
        LoadBalancer    = 'Overrides the load balancer of the project file. Not needed for the deployment state.'
        TargetGroupName = "Overrides the project's two target groups. Not needed for the deployment state."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS SSM (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Deployment ids, by property name (Id).' })
    Outputs     = @(@{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'One per deployment, newest first, with Steps, MachinesLaunched/Kept/Removed, MigrationsApplied, MigrationsBeforeWindow, MigrationsInWindow, MaintenanceDecision, MigrationCompatibility and UndoDecision.' })
    Examples    = @(
        @{
            Title   = 'The last five deployments'
            Code    = 'Get-BgDeployment -First 5'
            Remarks = 'Id, release, status, colors, who ran it and the last step of each, newest first.'
        }
        @{
            Title   = 'What did the crashed deployment do?'
            Code    = 'Get-BgDeployment -InProgress | Select-Object -ExpandProperty Steps'
            Remarks = 'Every step of the deployment that is still InProgress; a step with Outcome Started and no end may or may not have been done.'
        }
        @{
            Title   = 'One deployment by id'
            Code    = 'Get-BgDeployment -Id 20261201-085300-ab12 | Format-List *'
            Remarks = 'All the fields of one deployment, including the machines and migrations.'
        }
    )
    Links       = @('Get-BgDeploymentLock', 'Lock-BgDeployment', 'Unlock-BgDeployment')
}
