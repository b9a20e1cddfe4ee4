@{
    Synopsis    = 'Runs a docker compose command on machines and returns its output lines.'
    Description = @'
Invoke-BgCompose runs 'docker compose -f <Compose.File> <Arguments>' once per machine, in Compose.ProjectDirectory, with the machine's Docker connection as the process environment: DOCKER_HOST=ssh://<user>@<address> for EC2 machines; DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and DOCKER_MACHINE_NAME read from 'docker-machine env' as data (never eval'd) for docker-machine ones. Any DOCKER_* variable of the session that the connection does not set is removed for the call, so it cannot point docker elsewhere. The arguments are passed as an array, never through a shell. A Local machine has no Docker engine: for it the error is InvokeBgComposeMachineHasNoDockerEngine.

The output lines are emitted as strings. A non-zero exit is an error (InvokeBgComposeCommandFailed) whose exception carries ExitCode and StandardError; the lines the command printed are emitted first, and the next machine is still run.
'@
    Parameters  = @{
        Name            = 'The machines to run on. Binds from the Name property of piped objects (Get-BgMachine, New-BgMachine).'
        Arguments       = "What follows 'docker compose -f <file>', as an array: e.g. 'up','--build','-d' or 'ps' or 'logs','--tail','50','django'."
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
    Outputs     = @(@{ Type = 'System.String'; Description = "The command's standard output, one line per object." })
    Examples    = @(
        @{
            Title   = 'Rebuild and restart the app on every idle machine'
            Code    = "Get-BgMachine -Role Idle | Invoke-BgCompose -Arguments 'up','--build','-d'"
            Remarks = 'Runs docker compose up --build -d against each idle machine in turn.'
        }
        @{
            Title   = 'Check the containers of one machine'
            Code    = "Invoke-BgCompose -Name shop-prod-0a1b2c3d -Arguments 'ps'"
            Remarks = 'Returns the lines of docker compose ps; a failure shows the exit code and standard error.'
        }
    )
    Links       = @('Invoke-BgManage', 'Get-BgMachine')
}
