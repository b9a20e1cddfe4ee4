@{
    Synopsis    = 'Lists the migrations a release would apply and flags the ones a rollback could not unapply.'
    Description = @'
Test-BgMigration runs 'manage.py migrate --plan' with the release's manage command against its database and emits one object per pending migration, with its operations. For each it asks Django whether the migration could be unapplied later ('manage.py sqlmigrate --backwards <app> <name>', which fails with IrreversibleError for a RunPython without reverse code, a RunSQL without reverse SQL or any other irreversible operation); Reversible is $false for those, with Django's reason, and a warning is written.

With -Quiet it returns only $true when every pending migration is reversible (or none is pending), so a deployment can refuse irreversible migrations unless the caller allows them. Nothing is changed.
'@
    Parameters  = @{
        ManageCommand    = "The release's manage.py command as an array: the executable and its arguments up to manage.py, e.g. '/usr/bin/python3','/srv/release2/manage.py'."
        WorkingDirectory = 'Directory the command runs in. Default: the current directory.'
        Environment      = 'Hashtable of environment variables for the command (e.g. DOCKER_HOST or database settings).'
        Quiet            = 'Return $true when every pending migration is reversible, $false otherwise, instead of the list.'
        TimeoutSec       = 'Seconds each manage.py command may run before it is stopped. 0 (default): no limit.'
    }
    Outputs     = @(
        @{ Type = 'BlueGreen.Django.PendingMigration'; Description = 'One per pending migration: App, Name, Reversible, IrreversibleReason, Operations.' }
        @{ Type = 'System.Boolean'; Description = 'With -Quiet: whether every pending migration is reversible.' }
    )
    Examples    = @(
        @{
            Title   = 'See what a release would migrate'
            Code    = 'Test-BgMigration /usr/bin/python3,/srv/release2/manage.py -Environment @{ DATABASE_URL = $env:DATABASE_URL }'
            Remarks = 'One row per pending migration; irreversible ones show Reversible False and a warning.'
        }
        @{
            Title   = 'Refuse a deployment with irreversible migrations'
            Code    = "if (-not (Test-BgMigration docker,compose,-f,production.yml,run,--rm,django,python,manage.py -Quiet)) { throw 'The release has irreversible migrations.' }"
            Remarks = 'Stops a deployment script before migrating.'
        }
    )
    Links       = @('Get-BgMigrationDiff', 'Undo-BgMigration')
}
