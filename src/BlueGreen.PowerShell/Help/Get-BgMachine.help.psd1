@{
    Synopsis    = "Gets the project's machines with their target group, role, color and health."
    Description = @'
Get-BgMachine lists the project's machines as the provider knows them (EC2: instances tagged bluegreen:project=<Project> named <Machines.Prefix>...; DockerMachine: docker-machine ls --filter state=Running --filter driver=amazonec2 --filter label=<label>, names starting with the prefix) and joins them with the load balancer: the target group each is registered in, that group's color and role (Live or Idle), and the target's health there. Machines registered in neither of the project's target groups are orphans (Role Orphan). Local machines (instances of the sandbox tagged bluegreen:project) show Address 127.0.0.1 and their Port; the State of one whose gunicorn is no longer running is 'exited' although its instance still runs. Targets registered in a group that match no machine are reported as warnings.

The objects bind by property name to Remove-BgMachine, Invoke-BgCompose and Invoke-BgManage.
'@
    Parameters  = @{
        Name            = 'Only machines with these names; wildcards allowed.'
        Role            = 'Only machines in this role: Live, Idle or Orphan.'
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
    Outputs     = @(@{ Type = 'BlueGreen.Machines.Machine'; Description = 'One per machine: live ones first, then idle, then orphans.' })
    Examples    = @(
        @{
            Title   = 'List every machine of the project'
            Code    = 'Get-BgMachine'
            Remarks = 'Shows name, role, color, health, instance id, address, provider and release of each machine.'
        }
        @{
            Title   = 'Remove the machines of the idle group (what remove-inactive-blue-green.sh did)'
            Code    = 'Get-BgMachine -Role Idle | Remove-BgMachine'
            Remarks = 'Deregisters each idle machine, waits for it to drain and removes it, asking for confirmation for each.'
        }
        @{
            Title   = 'Find machines that serve nothing'
            Code    = 'Get-BgMachine -Role Orphan'
            Remarks = 'Machines in neither target group: left over from a failed deployment, or launched with -TargetGroup None.'
        }
    )
    Links       = @('New-BgMachine', 'Remove-BgMachine', 'Get-BgTargetGroup')
}
