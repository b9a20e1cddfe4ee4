@{
    Synopsis    = 'Lists the migrations a release would apply, flags the ones a rollback could not unapply, and says whether the running release survives each.'
    Description = @'
Test-BgMigration runs 'manage.py migrate --plan' with the release's manage command against its database and emits one object per pending migration, with its operations. Then one 'manage.py shell' reads, for all of them (BlueGreen's migration_facts.py on standard input, changing nothing):
- whether Django could unapply each later (the test Django makes before it raises IrreversibleError: a RunPython without reverse code, a RunSQL without reverse SQL or any other irreversible operation); Reversible is $false for those, with Django's reason, and a warning is written;
- whether the release now serving keeps working once it is applied: Compatibility is Compatible, Incompatible or Unknown, with the Operation that decided (Django's description), the Sql line that shows it (from the SQL Django would run on this database's vendor, as sqlmigrate collects it) and Why. Incompatible: AddField NOT NULL without a database default, RemoveField, DeleteModel, RenameField, RenameModel, AlterField changing the type or making a column NOT NULL or unique, a unique constraint (AddConstraint, unique_together, a unique column) on an existing table. Compatible: new tables, nullable columns, plain indexes, relaxed columns, anything on a table the same deployment creates, state-only changes. Unknown: RunPython, RunSQL and operations without a rule, unless the Migration class declares bluegreen_compatible = True (or False), which decides the whole migration. Start-BgDeployment uses it: with Maintenance Auto, no window when every pending migration is Compatible. See docs/migrations.md.

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
        Quiet            = 'Return $true when every pending migration is reversible, $false otherwise, instead of the list (compatibility does not count here: see Compatible on each object).'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names the command, the machine and the time allowed. Default: CommandTimeoutSeconds of the project file (900); without a project file, 900.'
    }
    Outputs     = @(
        @{ Type = 'BlueGreen.Django.PendingMigration'; Description = 'One per pending migration: App, Name, Reversible, IrreversibleReason, Compatibility (Compatible, Incompatible, Unknown), Compatible, Operation, Sql, Why, Operations.' }
        @{ Type = 'System.Boolean'; Description = 'With -Quiet: whether every pending migration is reversible.' }
    )
    Examples    = @(
        @{
            Title   = 'Check the release on the idle machine before migrating'
            Code    = 'if (-not (Test-BgMigration -Quiet)) { throw "The idle release has migrations a rollback could not unapply." }'
            Remarks = 'Reads bluegreen.psd1, runs migrate --plan and one manage.py shell on the idle machine, and stops when a pending migration is irreversible.'
        }
        @{
            Title   = 'Will the next deployment need a maintenance window?'
            Code    = 'Test-BgMigration | Where-Object { -not $_.Compatible } | Format-List App, Name, Compatibility, Operation, Why, Sql'
            Remarks = "Lists the pending migrations the running release may not survive (Incompatible or Unknown), each with the operation, the reason and the SQL line. With Maintenance Auto, Start-BgDeployment opens a window only when this lists something. A data migration the running release survives declares it: bluegreen_compatible = True on its Migration class."
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
