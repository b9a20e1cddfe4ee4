@{
    Synopsis    = "Runs Django's manage.py on machines (or locally) and returns its output lines."
    Description = @'
Invoke-BgManage runs manage.py with -Arguments in the project's Django service on each machine: 'docker compose -f <Compose.File> exec -T <Compose.Service> <Manage.Command> <Arguments>' by default, or 'docker compose ... run --rm -T <service> ...' with -Mode Run (or Manage.Mode = 'Run'). Use Run with cookiecutter-django: its entrypoint exports DATABASE_URL, and exec skips the entrypoint. The machine's Docker connection is passed as environment, never eval'd.

On a Local machine it runs '<Machines.Local.Python> manage.py <Arguments>' in that machine's snapshot (<StateDirectory>/machines/<name>/app) with Machines.Local.Environment, so migrations come from the code the machine serves; -Mode does not apply. Point that environment at one database shared by all machines (as production shares RDS).

Without machines, it runs the configured local command instead (Manage.LocalCommand, e.g. @('python3', 'manage.py'), in Manage.LocalWorkingDirectory), so the same cmdlet works without any machine.

The output lines are emitted as strings. A non-zero exit is an error (InvokeBgManageCommandFailed) whose exception carries ExitCode and StandardError; the lines printed are emitted first.
'@
    Parameters  = @{
        Name            = 'The machines to run on. Binds from the Name property of piped objects. Without it, Manage.LocalCommand is run.'
        Arguments       = "manage.py arguments as an array, e.g. 'migrate','--noinput' or 'showmigrations','-p'."
        Mode            = 'Exec (docker compose exec -T in the running container) or Run (docker compose run --rm: a fresh container through the entrypoint). Default: Manage.Mode of the project file (Exec).'
        Provider        = 'Overrides Machines.Provider of the project file: Ec2 (RunInstances, Docker over ssh://), DockerMachine (docker-machine with the amazonec2 driver) or Local (gunicorn on 127.0.0.1 serving a snapshot of the app, as an instance of a loopback sandbox only). Binds from piped machine objects.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names the command, the machine and the time allowed. Default: CommandTimeoutSeconds of the project file (900); without a project file, 900.'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory. Relative paths in it (compose project directory, executables) are relative to its directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Machines.Machine'; Description = 'Objects with a Name property, e.g. from Get-BgMachine.' })
    Outputs     = @(@{ Type = 'System.String'; Description = "manage.py's standard output, one line per object." })
    Examples    = @(
        @{
            Title   = 'Migrate the database from one live machine'
            Code    = "Get-BgMachine -Role Live | Select-Object -First 1 | Invoke-BgManage -Arguments 'migrate','--noinput' -Mode Run"
            Remarks = 'Runs manage.py migrate in a fresh container of the Django service, with the environment the entrypoint sets up.'
        }
        @{
            Title   = 'List applied migrations with the local command'
            Code    = "Invoke-BgManage -Arguments 'showmigrations','-p'"
            Remarks = 'With Manage.LocalCommand set in bluegreen.psd1 and no machine given, runs it locally (e.g. python3 manage.py showmigrations -p).'
        }
    )
    Links       = @('Invoke-BgCompose', 'Get-BgMachine')
}
