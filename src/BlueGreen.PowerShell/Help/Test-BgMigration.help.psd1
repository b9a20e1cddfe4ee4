@{
    Synopsis    = 'Lists the migrations a release would apply and flags the ones a rollback could not unapply.'
    Description = @'
Test-BgMigration runs 'manage.py migrate --plan' with the release's manage command against its database and emits one object per pending migration, with its operations. For each it asks Django whether the migration could be unapplied later ('manage.py sqlmigrate --backwards <app> <name>', which fails with IrreversibleError for a RunPython without reverse code, a RunSQL without reverse SQL or any other irreversible operation); Reversible is $false for those, with Django's reason, and a warning is written.

With -Quiet it returns only $true when every pending migration is reversible (or none is pending), so a deployment can refuse irreversible migrations unless the caller allows them. Nothing is changed.

By default (parameter set Machines) the release is the one on an idle machine of the project (the healthiest machine of the idle target group, or -Machine), read from bluegreen.psd1 like Get-BgMachine does; manage.py runs in its compose service ('exec -T', or 'run --rm -T' with Manage.Mode = 'Run' or -Mode Run). A machine that is not idle, an unknown name or an empty idle group is an error. With -ManageCommand (parameter set Commands) any manage command is checked instead.
'@
    Parameters  = @{
        Machine          = 'Machines: the idle machine to check. Default: the healthiest machine of the idle target group. Must be idle.'
        Mode             = "Machines: Exec ('docker compose exec -T') or Run ('docker compose run --rm -T', which runs the entrypoint). Default: Manage.Mode of the project file."
        ConfigPath          = 'Machines: path of the project file. Default: bluegreen.psd1 in the current directory. Relative paths in it (compose project directory, executables) are relative to its directory. Not with explicit manage commands.'
        Project             = 'Machines: overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer        = 'Machines: overrides the load balancer (name or ARN) of the project file; its listeners decide which target group is live.'
        TargetGroupName     = "Machines: overrides the project's two target groups (names or ARNs)."
        Provider            = 'Machines: overrides Machines.Provider of the project file: Ec2 or DockerMachine.'
        Region              = 'Machines: AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName         = 'Machines: AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl         = 'Machines: endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
        ManageCommand    = "The release's manage.py command as an array: the executable and its arguments up to manage.py, e.g. '/usr/bin/python3','/srv/release2/manage.py'."
        WorkingDirectory = 'Directory the command runs in. Default: the current directory.'
        Environment      = 'Hashtable of environment variables for the command (e.g. DOCKER_HOST or database settings).'
        Quiet            = 'Return $true when every pending migration is reversible, $false otherwise, instead of the list.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names the command, the machine and the time allowed. Default: CommandTimeoutSeconds of the project file (900); without a project file, 900.'
    }
    Outputs     = @(
        @{ Type = 'BlueGreen.Django.PendingMigration'; Description = 'One per pending migration: App, Name, Reversible, IrreversibleReason, Operations.' }
        @{ Type = 'System.Boolean'; Description = 'With -Quiet: whether every pending migration is reversible.' }
    )
    Examples    = @(
        @{
            Title   = 'Check the release on the idle machine before migrating'
            Code    = 'if (-not (Test-BgMigration -Quiet)) { throw "The idle release has migrations a rollback could not unapply." }'
            Remarks = 'Reads bluegreen.psd1, runs migrate --plan and sqlmigrate --backwards on the idle machine, and stops when a pending migration is irreversible.'
        }
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
