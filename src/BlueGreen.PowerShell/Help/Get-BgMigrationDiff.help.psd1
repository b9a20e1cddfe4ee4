@{
    Synopsis    = 'Compares the Django migrations of two releases against the same database.'
    Description = @'
Get-BgMigrationDiff runs 'manage.py showmigrations --plan -v 2' with the old release's manage command (the one that is, or was, live) and with the new release's, both against the same database, and emits one object per migration whose state differs: app, name, state in each release (Applied, NotApplied, Absent), the revert target of its app (the newest migration of that app the old release knows and has applied, or 'zero') and, for the migrations an undo would unapply, whether Django can reverse them (from 'migrate <app> <target> --plan' on the new release).

Squashed migrations in the new release are recognised: when a squash replaces exactly the old release's migrations of an app, it stands for them. When the old release's state of an app lies inside a squash (Django cannot migrate to it), the object carries RevertBlockedReason and a warning is written; Undo-BgMigration then refuses.

App labels and migration names read from manage.py are validated (identifiers only) before they are used as arguments; any output BlueGreen cannot read with certainty is an error. Pipe the objects to Undo-BgMigration; they carry the new release's manage command.
'@
    Parameters  = @{
        OldManageCommand    = "The old release's manage.py command as an array: the executable and its arguments up to manage.py, e.g. '/usr/bin/python3','/srv/old/manage.py' or 'docker','compose','-f','docker-compose.production.yml','exec','-T','django','python','manage.py'. Run without a shell."
        NewManageCommand    = "The new release's manage.py command, in the same form. The undo runs with it: only the new release has the files of the migrations to unapply."
        OldWorkingDirectory = "Directory the old release's command runs in. Default: the current directory."
        NewWorkingDirectory = "Directory the new release's command runs in. Default: the current directory."
        Environment         = 'Hashtable of environment variables set for both commands (e.g. DOCKER_HOST, or the database settings of a local project). A $null value removes a variable.'
        TimeoutSec          = 'Seconds each manage.py command may run before it is stopped. 0 (default): no limit.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Django.MigrationDiff'; Description = 'One per differing migration: App, Name, OldState, NewState, Reversible, RevertTarget, RevertBlockedReason, NeedsUndo and the new release (NewManageCommand, NewWorkingDirectory, NewEnvironment).' })
    Examples    = @(
        @{
            Title   = 'Compare two local releases'
            Code    = "Get-BgMigrationDiff -OldManageCommand /usr/bin/python3,/srv/release1/manage.py -NewManageCommand /usr/bin/python3,/srv/release2/manage.py -Environment @{ DJANGO_SETTINGS_MODULE = 'config.settings.production' }"
            Remarks = 'Lists the migrations release2 applied that release1 does not have, with the target each app goes back to.'
        }
        @{
            Title   = 'Roll back the migrations of a release'
            Code    = 'Get-BgMigrationDiff /usr/bin/python3,/srv/release1/manage.py /usr/bin/python3,/srv/release2/manage.py | Undo-BgMigration'
            Remarks = 'Unapplies them with release2''s code, asking before each migrate step.'
        }
        @{
            Title   = 'Compare through Docker Compose on two machines'
            Code    = "Get-BgMigrationDiff -OldManageCommand docker,compose,-f,production.yml,exec,-T,django,python,manage.py -NewManageCommand docker,compose,-f,production.yml,run,--rm,django,python,manage.py -Environment @{ DOCKER_HOST = 'ssh://ubuntu@10.0.1.12' }"
            Remarks = 'Both commands run against the same machine here; use Invoke-BgManage-based parameter sets for live and idle machines.'
        }
    )
    Links       = @('Undo-BgMigration', 'Test-BgMigration')
}
