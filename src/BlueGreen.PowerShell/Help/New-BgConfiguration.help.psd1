@{
    Synopsis    = 'Writes a commented bluegreen.psd1 project file and returns the settings it holds.'
    Description = @'
New-BgConfiguration writes the project file every other BlueGreen cmdlet reads from the current directory (or from -ConfigPath): the project name, the load balancer, the two target groups (or the tag that finds them), the machine provider, the compose file and service, the manage.py command, the maintenance-mode commands, the smoke check and how a deployment releases (maintenance policy, canary, bake, rollback of migrations). Every setting is written with a comment saying what it is and what it defaults to; optional settings are written commented out.

The file is read back with PowerShell's data-file rules before the settings are returned, so what you get is exactly what the other cmdlets will see. An existing file is never overwritten without -Force.
'@
    Parameters  = @{
        Project              = 'Project name. Target groups, instances and machines carry the tag bluegreen:project=<Project>. Letters, digits, ".", "_" and "-".'
        LoadBalancer         = 'The Application Load Balancer: name or ARN.'
        TargetGroupName      = 'The two target groups that take turns being live (names or ARNs). Left out, they are found by the tag bluegreen:project=<Project>.'
        Region               = 'AWS region to write into the file. Left out, the region comes from -Region, the profile or AWS_REGION at run time.'
        ProfileName          = 'AWS profile to write into the file (shared config/credentials, SSO).'
        MachinePrefix        = 'Prefix of machine names (<Prefix><8 hex>). Default: <Project>-.'
        Provider             = 'Machine provider: Ec2 (default; RunInstances, Docker over ssh://), DockerMachine (docker-machine with the amazonec2 driver) or Local (each machine a gunicorn process on 127.0.0.1 serving a snapshot of the app directory, recorded as an instance of a sandbox on this host; it refuses any EC2 endpoint that is not loopback). With Local, the file gets a Machines.Local section (AppDirectory, WsgiModule, Python, Gunicorn, Workers, Environment, StateDirectory) to fill in.'
        ImageId              = 'EC2 provider: the AMI of new machines (an image with Docker installed), e.g. ami-0123456789abcdef0.'
        InstanceType         = 'EC2 provider: the instance type of new machines, e.g. t3.small.'
        SubnetId             = 'EC2 provider: the subnet new machines are launched into.'
        SecurityGroupId      = 'EC2 provider: the security groups of new machines.'
        LaunchTemplate       = 'EC2 provider: a launch template id (lt-...) or name; its settings apply where the file sets none.'
        KeyName              = 'EC2 provider: the key pair for ssh to new machines (the Docker connection is ssh://<SshUser>@<address>).'
        SshUser              = 'EC2 provider: the login user of the ssh:// Docker connection, the AMI''s (ubuntu on Ubuntu, ec2-user on Amazon Linux and RHEL, admin on Debian). Default: ubuntu.'
        SshIdentityFile      = 'EC2 provider: the private key of the key pair (-KeyName) ssh logs in with. Default: ssh''s own keys (~/.ssh/id_*, the ssh agent).'
        SshKnownHostsFile    = 'EC2 provider: the known-hosts file where BlueGreen records the host keys it verified against each instance''s console output (never ~/.ssh/known_hosts). Default: $XDG_STATE_HOME/bluegreen/known_hosts, else ~/.local/state/bluegreen/known_hosts.'
        ComposeFile          = 'Compose file. Default: docker-compose.production.yml (cookiecutter-django).'
        Service              = 'Compose service that runs Django. Default: django.'
        HealthTimeoutSeconds = 'How long new targets may take to become healthy, in seconds (1-3600). Default: 300.'
        CommandTimeoutSeconds = 'How long one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped with a CommandTimedOut error, in seconds (1-86400). Default: 900. Cmdlets override it with -CommandTimeoutSec.'
        MaintenancePolicy    = 'Deployment.Maintenance: when a deployment puts the site into maintenance. Auto (default): only while the new release applies migrations the running release may not survive (none when every pending migration is compatible: see Test-BgMigration and docs/migrations.md); Always: for every migrate-and-switch; Never: migrations run while the old release serves, and a deployment with an incompatible one is refused before it migrates.'
        CanaryWeight         = 'Deployment.CanaryWeight: percent of the traffic the new release gets first (1-99), watched for CanaryDurationSeconds before the rest follows. Default: 0 (no canary: all traffic switches at once).'
        CanarySteps          = 'Deployment.CanarySteps: a multi-step canary, the weights (1-99, rising, at most 5) the new release gets in turn, each watched for CanaryDurationSeconds. Replaces -CanaryWeight.'
        CanaryStickinessSeconds = 'Deployment.CanaryStickinessSeconds: target-group stickiness on the routes while the canary splits traffic, put back after (0-604800; 0, the default: left as it is).'
        MaxErrorRatePercent  = 'Analysis.MaxErrorRatePercent: the highest share of the new group''s requests that may answer 5xx from its targets in one check (0-100). Default: 5.'
        MaxResponseTimeSeconds = 'Analysis.MaxResponseTimeSeconds: the slowest TargetResponseTime (by -ResponseTimeStatistic) a check allows (0-3600; 0, the default: not judged).'
        ResponseTimeStatistic = 'Analysis.ResponseTimeStatistic: Average, or a percentile p50-p99.9 (the worst period of the check counts). Default: p90.'
        MinRequestCount      = 'Analysis.MinRequestCount: with fewer requests in a check, its verdict is Inconclusive (reported, not failing unless -FailWhenInconclusive). Default: 20.'
        FailWhenInconclusive = 'Analysis.FailWhenInconclusive: an Inconclusive check rolls the release back too.'
        Alarm                = 'Analysis.Alarms: CloudWatch alarm names; a check fails while one of them is in ALARM.'
        MetricPeriodSeconds  = 'Analysis.PeriodSeconds: the metrics'' period, 60 for ALB metrics in AWS (the default), 1 in the BlueGreen sandbox (1-3600).'
        NoMetricAnalysis     = 'Analysis.Enabled = $false: canaries and bakes are judged by target health and -AfterSwitch checks only, and no CloudWatch call is made.'
        BakeTimeSeconds      = 'Deployment.BakeTimeSeconds: how long the new live group is watched after the switch, in seconds (0-86400; 0: no bake). Default: 600.'
        Path                 = 'Where to write the file. Default: ./bluegreen.psd1.'
        Force                = 'Overwrite an existing file.'
        WhatIf               = 'Shows the file that would be written without writing it.'
        Confirm              = 'Asks before writing the file.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Configuration.ProjectConfiguration'; Description = 'The settings as read back from the written file.' })
    Examples    = @(
        @{
            Title   = 'Start a project'
            Code    = 'New-BgConfiguration -Project shop -LoadBalancer shop-alb'
            Remarks = 'Writes ./bluegreen.psd1 for project "shop" behind the load balancer "shop-alb"; its target groups are found by the tag bluegreen:project=shop.'
        }
        @{
            Title   = 'Name the target groups and keep docker-machine'
            Code    = "New-BgConfiguration shop shop-alb -TargetGroupName shop-blue, shop-green -Provider DockerMachine -Region eu-west-1 -Path ./deploy/bluegreen.psd1"
            Remarks = 'Writes the file into ./deploy with explicit target groups, the docker-machine provider of the original scripts, and a fixed region.'
        }
        @{
            Title   = 'Watch a blue-green cycle on this computer, without AWS or Docker'
            Code    = "Start-BgSandbox -Seed; New-BgConfiguration demo bluegreen-demo -Provider Local"
            Remarks = 'Writes ./bluegreen.psd1 for the sandbox''s seeded load balancer with the Local provider: New-BgMachine then starts gunicorn on a free 127.0.0.1 port per machine, serving a snapshot of this directory (state under ./.bluegreen/local). Set Machines.Local.Environment (e.g. DJANGO_SETTINGS_MODULE and one shared DATABASE_URL) before launching.'
        }
        @{
            Title   = 'EC2 machines reached over ssh with the key pair''s key'
            Code    = "New-BgConfiguration shop shop-alb -ImageId ami-0123456789abcdef0 -InstanceType t3.small -SubnetId subnet-0123abcd -SecurityGroupId sg-0123abcd -KeyName deploy -SshUser ubuntu -SshIdentityFile ~/.ssh/deploy.pem"
            Remarks = 'Each new instance''s ssh host key is verified against its console output and recorded in BlueGreen''s own known-hosts file; docker and compose then reach it as ssh://ubuntu@<address> with the key ~/.ssh/deploy.pem, StrictHostKeyChecking yes and BatchMode yes (see docs/ec2.md).'
        }
        @{
            Title   = 'Release through a canary and a bake, always in maintenance'
            Code    = 'New-BgConfiguration shop shop-alb -CanaryWeight 10 -BakeTimeSeconds 900 -MaintenancePolicy Always'
            Remarks = 'Writes a Deployment section in which a deployment sends 10 percent of the traffic to the new release first, watches the new live group for 15 minutes after the switch, and turns maintenance on for every migrate-and-switch, migrations pending or not.'
        }
        @{
            Title   = 'A two-step canary judged by its metrics and an alarm'
            Code    = "New-BgConfiguration shop shop-alb -CanarySteps 10, 50 -MaxErrorRatePercent 1 -MaxResponseTimeSeconds 0.8 -MinRequestCount 100 -Alarm shop-green-5xx"
            Remarks = 'Writes Deployment.CanarySteps and an Analysis section: every check interval of the canary and the bake, more than 1% of 5xx, a p90 response time over 0.8 s, or the alarm shop-green-5xx in ALARM sends the release back; a check with fewer than 100 requests is reported Inconclusive.'
        }
    )
    Links       = @('Get-BgTargetGroup', 'Switch-BgTargetGroup')
}
