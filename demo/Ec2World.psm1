# The production path on this machine: the seed's load balancer (one group serving, made with the AWS CLI as the
# seed's article makes it), prepared by Initialize-BgLoadBalancer, and machines from the Ec2 provider on the sandbox's
# host instances: each instance its own 127.x address with a real OpenSSH server and its own Docker engine, reached
# over ssh (host keys verified from the console output) by docker and compose, as on AWS. Used by the demo
# (build.ps1 Demo) and the real-path Pester tests.

Set-StrictMode -Version Latest
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path

function Get-Ec2WorldBlocker {
    <#
    .SYNOPSIS
        Why the production path cannot run on this machine (not root, not Debian, a program missing), or $null.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if (-not $IsLinux -or -not (Test-Path /etc/debian_version)) { return 'this is not Debian Linux (the sandbox''s host instances run Debian''s sshd and dockerd)' }
    if ((& id -u) -ne '0') { return 'this is not root (each host instance binds port 22 of its own address and runs its own dockerd)' }
    $missing = @(
        foreach ($program in @(
                @{ Path = '/usr/sbin/sshd'; Package = 'openssh-server' }
                @{ Path = '/usr/sbin/dockerd'; Package = 'docker.io' }
                @{ Path = '/usr/bin/docker-compose'; Package = 'docker-compose' }
                @{ Path = '/usr/lib/python3/dist-packages/paramiko'; Package = 'python3-paramiko' }
                @{ Path = '/usr/bin/aws'; Package = 'awscli' }
                @{ Path = '/usr/bin/ssh-keygen'; Package = 'openssh-client' })) {
            if (-not (Test-Path $program.Path)) { $program.Package }
        })
    if ($missing) { return "Debian's $($missing -join ', ') $(if ($missing.Count -eq 1) { 'is' } else { 'are' }) not installed" }
    $null
}

$script:SeedAwsInvoker = $null

function Set-SeedAwsInvoker {
    # Runs Invoke-SeedAws's commands through -Invoker (param($Endpoint, $Arguments), returning the parsed JSON and
    # throwing on failure) instead of one /usr/bin/aws process each: the tests pass their kept-loaded CLI, the same
    # code without a second of python imports per call. $null goes back to a process per command.
    param([scriptblock] $Invoker)
    $script:SeedAwsInvoker = $Invoker
}

function Invoke-SeedAws {
    # One AWS CLI command against the sandbox, as the seed's scripts run it: /usr/bin/aws with --endpoint-url (Debian's
    # CLI ignores AWS_ENDPOINT_URL). Returns the parsed JSON; throws with the CLI's message when it fails.
    param([Parameter(Mandatory)] [uri] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    if ($script:SeedAwsInvoker) { return & $script:SeedAwsInvoker $Endpoint $Arguments }
    $errors = New-TemporaryFile
    try {
        $output = & /usr/bin/aws @Arguments --endpoint-url "$Endpoint" --output json 2> $errors.FullName
        if ($LASTEXITCODE -ne 0) { throw "aws $($Arguments -join ' ') failed ($LASTEXITCODE): $((Get-Content -Raw $errors.FullName).Trim())" }
        $text = ($output | Out-String).Trim()
        if ($text) { $text | ConvertFrom-Json } else { $null }
    }
    finally { Remove-Item $errors.FullName -ErrorAction Ignore }
}

function New-SeedLoadBalancer {
    <#
    .SYNOPSIS
        The load balancer as the seed's article leaves it, made with the AWS CLI: one ALB in two subnets, one target
        group (HTTP on -Port, health check on /health/), one HTTP:80 listener forwarding to it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Sandbox,
        [Parameter(Mandatory)] [string] $Name,
        [int] $Port = 8000
    )
    $endpoint = $Sandbox.Endpoint
    $balancer = (Invoke-SeedAws $endpoint elbv2 create-load-balancer --name $Name --type application --scheme internet-facing `
            --subnets $Sandbox.SubnetIds[0] $Sandbox.SubnetIds[1]).LoadBalancers[0]
    $group = (Invoke-SeedAws $endpoint elbv2 create-target-group --name "$Name-web" --protocol HTTP --port $Port --vpc-id $Sandbox.VpcId `
            --target-type instance --health-check-path /health/ --health-check-interval-seconds 5 --health-check-timeout-seconds 2 `
            --healthy-threshold-count 2 --unhealthy-threshold-count 2 --matcher HttpCode=200).TargetGroups[0]
    $listener = (Invoke-SeedAws $endpoint elbv2 create-listener --load-balancer-arn $balancer.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($group.TargetGroupArn)").Listeners[0]
    [pscustomobject]@{ LoadBalancer = $balancer; TargetGroup = $group; Listener = $listener }
}

function New-Ec2World {
    <#
    .SYNOPSIS
        A sandbox of host instances, the seed's load balancer, a key pair imported into the sandbox's EC2 and a copy of
        examples/shop with a bluegreen.psd1 for the Ec2 provider. Returns what the caller needs; Remove-Ec2World ends it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Name,
        # The PostgreSQL database every machine's containers share (DatabaseUrl of tests/docker's Start-PostgreSql).
        [Parameter(Mandatory)] [string] $DatabaseUrl,
        # The example's base image as a 'docker save' archive (tests/docker's Export-BaseImageArchive), loaded into every
        # instance's engine at boot as a baked AMI would have it.
        [Parameter(Mandatory)] [string] $ImageArchive,
        [double] $HealthCheckTimeScale = 0.2,
        [int] $BakeTimeSeconds = 2,
        [int] $CheckIntervalSeconds = 1,
        # More top-level settings of bluegreen.psd1, one psd1 line each (e.g. the demo's Analysis section).
        [string[]] $Setting = @(),
        [int] $Port = 8000
    )
    $id = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $work = Join-Path ([IO.Path]::GetTempPath()) ("bg-$Name-" + $id)
    $app = Join-Path $work 'shop'
    $data = Join-Path $work 'data'
    $ssh = Join-Path $work 'ssh'
    New-Item -ItemType Directory -Path $work, $data, $ssh | Out-Null
    Copy-Item -Recurse (Join-Path $script:Root 'examples/shop') $app
    # The containers' django user (uid 1000) writes the maintenance state there.
    & chmod 0777 $data
    # The user's key pair, as they would import it into EC2 (its private half stays here, mode 600).
    $identity = Join-Path $ssh 'id_ed25519'
    & /usr/bin/ssh-keygen -q -t ed25519 -N '' -C "bluegreen-$Name" -f $identity
    if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed ($LASTEXITCODE)." }

    $sandbox = Start-BgSandbox -Scenario Empty -InstanceRuntime Host -HostImageArchive $ImageArchive -HealthCheckTimeScale $HealthCheckTimeScale
    try {
        $keyName = "bluegreen-$Name"
        $null = Invoke-SeedAws $sandbox.Endpoint ec2 import-key-pair --key-name $keyName --public-key-material "fileb://$identity.pub"
        $seed = New-SeedLoadBalancer -Sandbox $sandbox -Name "bg-$Name" -Port $Port
        $site = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 80).LocalUrl
        $world = [pscustomobject]@{
            Name = $Name; Work = $work; App = $app; Data = $data; Config = (Join-Path $app 'bluegreen.psd1'); Sandbox = $sandbox; SiteUrl = $site
            Identity = $identity; KnownHosts = (Join-Path $ssh 'known_hosts'); KeyName = $keyName; Seed = $seed; DatabaseUrl = $DatabaseUrl
            BakeTimeSeconds = $BakeTimeSeconds; CheckIntervalSeconds = $CheckIntervalSeconds; Setting = @($Setting)
        }
        $null = New-Ec2WorldConfig -World $world -Path $world.Config
    }
    catch {
        Stop-BgSandbox
        Remove-Item $work -Recurse -Force -ErrorAction Ignore
        throw
    }
    # What compose interpolates on every machine, from the environment of the process that runs it (as a CI job's
    # secrets would be): the shared database and the shared maintenance folder.
    $env:DATABASE_URL = $DatabaseUrl
    $env:SHOP_DATA_DIR = $data
    $world
}

function New-Ec2WorldConfig {
    <#
    .SYNOPSIS
        Writes a bluegreen.psd1 for the world's Ec2 machines at -Path (the world's own by default, or a variant beside
        it for a test: another image, ssh user, identity or Docker deadline) and returns its path.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $World,
        [Parameter(Mandatory)] [string] $Path,
        [string] $ImageId = $World.Sandbox.HostImages.Docker,
        [string] $SshUser = 'root',
        [string] $IdentityFile = $World.Identity,
        [int] $DockerTimeoutSeconds = 300,
        # The compose file in the world's app folder (production.yml builds the shop on each machine).
        [string] $ComposeFile = 'production.yml'
    )
    Set-Content -Path $Path -Value @"
@{
    Project = '$($World.Name)'
    LoadBalancer = 'bg-$($World.Name)'
    HealthTimeoutSeconds = 180
    CommandTimeoutSeconds = 600
    Machines = @{
        Provider = 'Ec2'
        Prefix = '$($World.Name)-'
        Ec2 = @{
            ImageId = '$ImageId'
            InstanceType = 't3.small'
            SubnetId = '$($World.Sandbox.SubnetIds[0])'
            KeyName = '$($World.KeyName)'
            SshUser = '$SshUser'
            Ssh = @{ KnownHostsFile = '$($World.KnownHosts)'; IdentityFile = '$IdentityFile'; DockerTimeoutSeconds = $DockerTimeoutSeconds }
        }
    }
    Compose = @{ File = '$ComposeFile'; Service = 'django'; Command = @('docker-compose') }
    Manage = @{ Command = @('python', 'manage.py'); Mode = 'Exec' }
    Maintenance = @{ Mode = 'Django'; Shared = `$true }
    Smoke = @{ Paths = @('/health/'); BaseUrl = '$($World.SiteUrl)'; Attempts = 3; DelaySeconds = 1 }
    Deployment = @{ BakeTimeSeconds = $($World.BakeTimeSeconds); CheckIntervalSeconds = $($World.CheckIntervalSeconds); DrainTimeoutSeconds = 30 }
$(($World.Setting | ForEach-Object { "    $_`n" }) -join '')}
"@
    $Path
}

function Get-Ec2WorldContainer {
    <#
    .SYNOPSIS
        The containers each running host instance's own engine lists (docker ps on that engine), one object per
        container with the instance, its address and the compose project; instances without containers appear with an
        empty Project.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $World)
    foreach ($instance in @($World.Sandbox.GetHostInstances() | Where-Object Phase -EQ 'DockerUp')) {
        $lines = @(& docker --host $instance.DockerHost ps --format '{{.Label "com.docker.compose.project"}}|{{.Names}}|{{.State}}' 2>&1)
        if ($LASTEXITCODE -ne 0) { throw "docker ps on $($instance.InstanceId)'s engine ($($instance.DockerHost)) failed: $($lines -join ' ')" }
        foreach ($line in $lines | Where-Object { $_ }) {
            $project, $container, $state = "$line" -split '\|'
            [pscustomobject]@{ InstanceId = $instance.InstanceId; Address = $instance.Address; Project = $project; Container = $container; Up = $state -eq 'running' }
        }
    }
}

function Remove-Ec2World {
    <#
    .SYNOPSIS
        Ends a world: the sandbox stopped (which terminates every host instance: sshd, dockerd, containers), the
        environment it set and its folder removed.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $World)
    try { Stop-BgSandbox -ErrorAction Continue } catch { Write-Warning "Stop-BgSandbox: $_" }
    Remove-Item env:DATABASE_URL, env:SHOP_DATA_DIR -ErrorAction Ignore
    Remove-Item $World.Work -Recurse -Force -ErrorAction Ignore
}

Export-ModuleMember -Function Get-Ec2WorldBlocker, Set-SeedAwsInvoker, Invoke-SeedAws, New-SeedLoadBalancer, New-Ec2World, New-Ec2WorldConfig, Get-Ec2WorldContainer, Remove-Ec2World
