@{
    Synopsis    = 'Compares the Django migrations of two releases against the same database.'
    Description = @'
Get-BgMigrationDiff runs 'manage.py showmigrations --plan -v 2' with the old release's manage command (the one that is, or was, live) and with the new release's, both against the same database, and emits one object per migration whose state differs: app, name, state in each release (Applied, NotApplied, Absent), the revert target of its app (the newest migration of that app the old release knows and has applied, or 'zero') and, for the migrations an undo would unapply, whether Django can reverse them (from 'migrate <app> <target> --plan' on the new release).

Squashed migrations in the new release are recognised: when a squash replaces exactly the old release's migrations of an app, it stands for them. When the old release's state of an app lies inside a squash (Django cannot migrate to it), the object carries RevertBlockedReason and a warning is written; Undo-BgMigration then refuses.

By default (parameter set Machines) the releases are the project's machines, read from bluegreen.psd1 (or -Project and -LoadBalancer) like Get-BgMachine does: the old release is a machine of the live target group (the healthiest, or -OldMachine), the new release a machine of the idle target group (the healthiest, or -NewMachine). manage.py runs in the compose service of each ('docker compose -f <Compose.File> exec -T <Compose.Service> <Manage.Command>', or 'run --rm -T' with Manage.Mode = 'Run' or -Mode Run), with the machine's Docker connection as environment. Both machines are found before anything runs; a machine that is not in the expected role, an unknown or invalid name, or a target group without machines is an error that changes nothing. With -OldManageCommand and -NewManageCommand (parameter set Commands) any two manage commands are compared instead.

App labels and migration names read from manage.py are validated (identifiers only) before they are used as arguments; any output BlueGreen cannot read with certainty is an error. Pipe the objects to Undo-BgMigration; they carry the new release's manage command, working directory and environment (on machines: the idle machine's DOCKER_* variables, which the default table does not show) and, on machines, the names of both machines (OldMachine, NewMachine), so the undo runs on the idle machine: only it has the new release's migration files.
'@
    Parameters  = @{
        OldMachine          = 'Machines: the live machine whose release is the old one. Default: the healthiest machine of the live target group (healthy before initial, ties by name). Must be live.'
        NewMachine          = 'Machines: the idle machine whose release is the new one, and where Undo-BgMigration will run. Default: the healthiest machine of the idle target group. Must be idle.'
        Mode                = "Machines: how manage.py reaches the Django service: Exec ('docker compose exec -T', the running container) or Run ('docker compose run --rm -T', a fresh container that runs the entrypoint, which exports DATABASE_URL in cookiecutter-django). Default: Manage.Mode of the project file."
        ConfigPath          = 'Machines: path of the project file. Default: bluegreen.psd1 in the current directory. Relative paths in it (compose project directory, executables) are relative to its directory. Not with explicit manage commands.'
        Project             = 'Machines: overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer        = 'Machines: overrides the load balancer (name or ARN) of the project file; its listeners decide which target group is live.'
        TargetGroupName     = "Machines: overrides the project's two target groups (names or ARNs)."
        Provider            = 'Machines: overrides Machines.Provider of the project file: Ec2 or DockerMachine.'
        Region              = 'Machines: AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName         = 'Machines: AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl         = 'Machines: endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
        OldManageCommand    = "The old release's manage.py command as an array: the executable and its arguments up to manage.py, e.g. '/usr/bin/python3','/srv/old/manage.py' or 'docker','compose','-f','docker-compose.production.yml','exec','-T','django','python','manage.py'. Run without a shell."
        NewManageCommand    = "The new release's manage.py command, in the same form. The undo runs with it: only the new release has the files of the migrations to unapply."
        OldWorkingDirectory = "Directory the old release's command runs in. Default: the current directory."
        NewWorkingDirectory = "Directory the new release's command runs in. Default: the current directory."
        Environment         = 'Hashtable of environment variables set for both commands (e.g. DOCKER_HOST, or the database settings of a local project). A $null value removes a variable.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names the command, the machine and the time allowed. Default: CommandTimeoutSeconds of the project file (900); without a project file, 900.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Django.MigrationDiff'; Description = 'One per differing migration: App, Name, OldState, NewState, Reversible, RevertTarget, RevertBlockedReason, NeedsUndo, the new release (NewManageCommand, NewWorkingDirectory, NewEnvironment) and, on machines, OldMachine and NewMachine.' })
    Examples    = @(
        @{
            Title   = 'Compare the live release with the idle one'
            Code    = 'Get-BgMigrationDiff'
            Remarks = 'Reads bluegreen.psd1 in the current directory, runs showmigrations on a healthy live machine and on the idle machine, and lists the migrations the idle release applied that the live release does not have.'
        }
        @{
            Title   = 'Roll back the migrations of the idle release before switching back'
            Code    = 'Get-BgMigrationDiff -ConfigPath ./bluegreen.psd1 | Undo-BgMigration -Confirm'
            Remarks = 'Undo-BgMigration runs each migrate step on the idle machine (it has the migration files), asking before each; the Docker connection travels with the objects.'
        }
        @{
            Title   = 'Choose the machines and use fresh containers'
            Code    = 'Get-BgMigrationDiff -OldMachine demo-1a2b3c4d -NewMachine demo-5e6f7a8b -Mode Run'
            Remarks = "Reads the plans with 'docker compose run --rm -T', so cookiecutter-django's entrypoint sets DATABASE_URL."
        }
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
            Remarks = 'Both commands run against the same Docker host here; without the manage commands, the live and idle machines of the project are compared.'
        }
    )
    Links       = @('Undo-BgMigration', 'Test-BgMigration')
}
