@{
    Synopsis    = 'Launches machines in parallel, starts the app on each with docker compose, and registers them in a target group.'
    Description = @'
New-BgMachine replaces the seed's add-machine.sh. It launches -Count machines named <Machines.Prefix><8 hex>, at most Machines.MaxParallelLaunches at a time, each under its own progress bar (children of one overall bar). For each machine it:

1. launches it with the configured provider: Local (copies Machines.Local.AppDirectory, without .git, __pycache__, SQLite files and the state directory, into <StateDirectory>/machines/<name>/app; starts gunicorn there bound to 127.0.0.1:<free port>, detached in its own process group, logging to <StateDirectory>/logs/<name>.log; waits until it answers HTTP, within Machines.Local.ReadyTimeoutSeconds, else stops it and reports the log's last lines; records it as an instance of the sandbox's EC2 with private IP 127.0.0.1 and the tag bluegreen:port; refuses, before doing anything, an EC2 endpoint that is not loopback), Ec2 (RunInstances from Machines.Ec2's launch template or AMI, instance type, subnet, security groups, key and instance profile; tagged Name, bluegreen:project and bluegreen:release; one ClientToken per machine, so a retried call never makes a second instance; ready once running with both status checks ok) or DockerMachine (docker-machine create -d amazonec2 --engine-label <label> <Machines.DockerMachine.CreateOptions> <name>);
2. runs 'docker compose -f <Compose.File> up --build -d' in Compose.ProjectDirectory with the machine's Docker connection as environment (DOCKER_HOST and, for docker-machine, its TLS settings, read as data, never eval'd), unless -SkipComposeUp (a Local machine has no compose step: its launch started gunicorn);
3. registers its instance in the chosen target group (-TargetGroup: Live by default, as the seed did; Idle to build up the next release; None), with its port for a Local machine (the group's port otherwise).

A launch that fails at any step is cleaned up (its instance terminated, its docker-machine host removed, even when it failed half-way or was stopped with Ctrl+C) and reported as an error with the id NewBgMachine<reason>. With -OnFailure Keep (the default) the machines that did launch are kept and emitted; with -OnFailure RollBack they are removed too, and nothing is registered unless every launch succeeded.

Each machine is emitted as a BlueGreen.Machines.Machine: name, instance id, provider, address, color and role of its target group, its health there, release and launch time.
'@
    Parameters  = @{
        Count           = 'How many machines to launch (1-1000). Default 1.'
        TargetGroup     = 'Where to register the new machines: Live (default; the group serving traffic), Idle (the group traffic switches to next) or None.'
        OnFailure       = 'What happens to the machines that launched when another launch of the batch fails: Keep (default) or RollBack (remove them all; register none).'
        Release         = 'Release label put on each machine (EC2 tag bluegreen:release), e.g. a git commit or version.'
        SkipComposeUp   = 'Launch (and register) the machines without running docker compose up on them.'
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
    Outputs     = @(@{ Type = 'BlueGreen.Machines.Machine'; Description = 'One per machine that launched and was kept.' })
    Examples    = @(
        @{
            Title   = 'Add one machine to the live group (what add-machine.sh did)'
            Code    = 'New-BgMachine'
            Remarks = 'Launches one machine with the provider of bluegreen.psd1, starts the app with docker compose up --build -d and registers it in the live target group.'
        }
        @{
            Title   = 'Build up the next release in the idle group, all or nothing'
            Code    = "New-BgMachine -Count 3 -TargetGroup Idle -Release v42 -OnFailure RollBack"
            Remarks = 'Launches three machines in parallel into the idle group. If any launch fails, all three are removed and none is registered.'
        }
        @{
            Title   = 'Launch machines without starting the app, then start it later'
            Code    = "`$machines = New-BgMachine -Count 2 -TargetGroup None -SkipComposeUp`n`$machines | Invoke-BgCompose -Arguments 'up','--build','-d'"
            Remarks = 'The machines are orphans (registered nowhere) until registered; Invoke-BgCompose starts the app on each.'
        }
    )
    Links       = @('Get-BgMachine', 'Remove-BgMachine', 'Invoke-BgCompose')
}
