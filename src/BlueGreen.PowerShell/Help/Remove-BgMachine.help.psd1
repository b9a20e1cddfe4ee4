@{
    Synopsis    = 'Deregisters machines from their target group, waits for draining, and removes them.'
    Description = @'
Remove-BgMachine replaces the seed's remove-machine.sh and remove-inactive-blue-green.sh. For each machine named (or piped in by property name) it:

1. refuses, with an error, the last healthy machine of the live target group (always, even with -Force: removing it would take the site down; launch another machine into the live group or switch traffic first), and any other live machine unless -Force;
2. asks for confirmation (ShouldProcess, ConfirmImpact High; -WhatIf shows what would happen and changes nothing);
3. deregisters it from its target group (with the port it was registered with) and waits until the load balancer no longer lists it (draining done, at most -DrainTimeoutSec);
4. removes it with its provider (EC2: TerminateInstances; DockerMachine: docker-machine rm -y <name>; Local: SIGTERM to its gunicorn's whole process group, SIGKILL after Machines.Local.StopTimeoutSeconds, an error if any process is left; then TerminateInstances and the snapshot deleted; its log in <StateDirectory>/logs is kept). A Local machine launched in one pwsh session can be removed from any other: its pid, process group and port are recorded in <StateDirectory>/machines/<name>/machine.json.

The machines are checked against the project's current inventory: a name that matches no running machine of the project is an error (RemoveBgMachineMachineNotFound) and nothing is run for it. Names that are not valid machine names never reach any command.
'@
    Parameters  = @{
        Name            = 'Names of the machines to remove. Binds from the Name property of piped objects (Get-BgMachine output).'
        Force           = 'Also remove machines of the live target group. The last healthy live machine is never removed.'
        DrainTimeoutSec = 'How long, in seconds, a deregistered machine may take to drain before its removal is given up (it is then left running). Default 600.'
        PassThru        = 'Emit each removed machine.'
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
    Inputs      = @(@{ Type = 'BlueGreen.Machines.Machine'; Description = 'Objects with a Name (and optionally Provider) property, e.g. from Get-BgMachine.' })
    Outputs     = @(@{ Type = 'BlueGreen.Machines.Machine'; Description = 'With -PassThru: each machine removed.' })
    Examples    = @(
        @{
            Title   = 'Remove the idle machines once the new release is safe'
            Code    = 'Get-BgMachine -Role Idle | Remove-BgMachine -Confirm:$false'
            Remarks = 'Deregisters, drains and removes every machine of the idle target group without prompting.'
        }
        @{
            Title   = 'See what would be removed'
            Code    = 'Remove-BgMachine -Name shop-prod-0a1b2c3d -WhatIf'
            Remarks = 'Shows the deregistration and removal it would do; nothing changes.'
        }
        @{
            Title   = 'Replace one live machine'
            Code    = "New-BgMachine -TargetGroup Live`nRemove-BgMachine -Name shop-prod-0a1b2c3d -Force"
            Remarks = 'Adds a machine to the live group first, so that the one removed is not the last healthy one; -Force allows removing a live machine.'
        }
    )
    Links       = @('Get-BgMachine', 'New-BgMachine')
}
