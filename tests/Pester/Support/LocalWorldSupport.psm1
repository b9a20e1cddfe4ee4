# A world where machines serve real requests: the sandbox with its data plane (listeners on loopback ports, real
# health checks), the example shop (examples/shop) served by Local machines (gunicorn on 127.0.0.1), one shared SQLite
# database and one shared maintenance state file, as blue and green share them in production.
# -Runtime Compose: each Local machine is instead a compose project of its snapshot (examples/shop's production.yml,
# service django) on this host's engine, its port in SHOP_PORT, against the PostgreSQL database of -DatabaseUrl.

Set-StrictMode -Version Latest
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
Import-Module (Join-Path $script:Root 'demo/LocalMachines.psm1') -Force

function New-LocalWorld {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [int] $BakeTimeSeconds = 2,
        [double] $HealthCheckTimeScale = 0.2,
        [ValidateSet('Gunicorn', 'Compose')] [string] $Runtime = 'Gunicorn',
        # Compose: the PostgreSQL database every machine shares (Start-PostgreSql's DatabaseUrl).
        [string] $DatabaseUrl,
        # Compose: the compose command bluegreen.psd1 names (Compose.Command).
        [string[]] $ComposeCommand = @('docker-compose')
    )
    if ($Runtime -eq 'Compose' -and -not $DatabaseUrl) { throw 'New-LocalWorld -Runtime Compose needs -DatabaseUrl (the containers share one PostgreSQL database: Start-PostgreSql).' }
    $id = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $work = Join-Path ([IO.Path]::GetTempPath()) ("bg-$Name-" + $id)
    $app = Join-Path $work 'shop'
    $data = Join-Path $work 'data'
    New-Item -ItemType Directory -Path $work, $data | Out-Null
    Copy-Item -Recurse (Join-Path $script:Root 'examples/shop') $app
    # The containers' django user (uid 1000) writes the maintenance state there.
    if ($Runtime -eq 'Compose') { & chmod 0777 $data }
    $sandbox = Start-BgSandbox -Scenario DemoInfrastructure -HealthCheckTimeScale $HealthCheckTimeScale
    $site = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 80).LocalUrl
    $secure = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 443).LocalUrl
    $config = Join-Path $app 'bluegreen.psd1'
    $quote = { param($value) "'" + ($value -replace "'", "''") + "'" }
    # A prefix of this world's own, so that its compose projects (named after the machines) are told from any other.
    $prefix = if ($Runtime -eq 'Compose') { "demo$($id.Substring(0, 6))-" } else { 'demo-' }
    $local = if ($Runtime -eq 'Compose') {
        @"
        Local = @{
            Runtime = 'Compose'
            PortVariable = 'SHOP_PORT'
            ReadyTimeoutSeconds = 120
            Environment = @{ SHOP_DATA_DIR = '$data'; DATABASE_URL = $(& $quote $DatabaseUrl) }
        }
    }
    Compose = @{ File = 'production.yml'; Service = 'django'; Command = @($((@($ComposeCommand) | ForEach-Object { & $quote $_ }) -join ', ')) }
    Manage = @{ Command = @('python', 'manage.py'); Mode = 'Exec' }
"@
    } else {
        @"
        Local = @{
            WsgiModule = 'config.wsgi'
            Workers = 2
            Environment = @{ SHOP_DATA_DIR = '$data' }
        }
    }
"@
    }
    Set-Content -Path $config -Value @"
@{
    Project = 'demo'
    LoadBalancer = 'bluegreen-demo'
    HealthTimeoutSeconds = $(if ($Runtime -eq 'Compose') { 180 } else { 60 })
    CommandTimeoutSeconds = 600
    Machines = @{
        Provider = 'Local'
        Prefix = '$prefix'
$local
    Maintenance = @{ Mode = 'Django'; Shared = `$true }
    Smoke = @{ Paths = @('/health/'); BaseUrl = '$secure'; AllowInvalidCertificate = `$true; Attempts = 3; DelaySeconds = 1 }
    Deployment = @{ BakeTimeSeconds = $BakeTimeSeconds; CheckIntervalSeconds = 1; DrainTimeoutSeconds = 30 }
}
"@
    [pscustomobject]@{ Name = $Name; Work = $work; App = $app; Data = $data; Config = $config; Sandbox = $sandbox; SiteUrl = $site; SecureUrl = $secure
        Runtime = $Runtime; Prefix = $prefix; DatabaseUrl = $DatabaseUrl }
}

function Wait-GroupHealthy {
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $TargetGroup, [Parameter(Mandatory)] [int] $Count, [int] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $group = Get-BgTargetGroup -ConfigPath $World.Config | Where-Object Name -EQ $TargetGroup
        if ($group.HealthyCount -ge $Count) { return $group }
        if ([DateTime]::UtcNow -gt $deadline) { throw "$TargetGroup did not report $Count healthy targets within $TimeoutSeconds s (it has $($group.HealthyCount))." }
        Start-Sleep -Milliseconds 200
    }
}

function Start-LiveRelease {
    # Release 1 live: two Local machines in blue, the shared database migrated, both healthy.
    param([Parameter(Mandatory)] $World, [int] $Count = 2)
    $machines = @(New-BgMachine -ConfigPath $World.Config -Count $Count -TargetGroup Live -Release 1)
    $machines[0] | Invoke-BgManage -ConfigPath $World.Config migrate, --noinput | Out-Null
    Wait-GroupHealthy -World $World -TargetGroup bluegreen-demo-blue -Count $Count | Out-Null
    $machines
}

function Set-AppRelease {
    # Writes a release over the app folder, as a checkout of new code would: one of examples/releases (2: a compatible
    # migration, 3: no migration, 4: an incompatible one), laid over the app with every release before it, or any other
    # name for a release without migrations (only its RELEASE file changes).
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Release)
    $releases = Join-Path $script:Root 'examples/releases'
    if (Test-Path (Join-Path $releases $Release)) {
        foreach ($folder in Get-ChildItem $releases -Directory | Where-Object { [int] $_.Name -le [int] $Release } | Sort-Object { [int] $_.Name }) {
            Copy-Item -Recurse -Force (Join-Path $folder.FullName '*') $World.App
        }
    }
    else { Set-Content -Path (Join-Path $World.App 'RELEASE') -Value $Release }
}

function Get-WorldComposeProject {
    # The compose projects of the world's machines on this host's engine, as docker ps -a lists them by their
    # com.docker.compose.project label: Project, Container (name), Up (running). -Running: only running containers.
    param([Parameter(Mandatory)] $World, [switch] $Running)
    $arguments = @('ps') + @(if (-not $Running) { '-a' }) + @('--filter', 'label=com.docker.compose.project', '--format', '{{json .}}')
    $lines = & docker @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker ps failed ($LASTEXITCODE): $lines" }
    foreach ($container in @($lines | ForEach-Object { $_ | ConvertFrom-Json })) {
        $project = if ($container.Labels -match '(?:^|,)com\.docker\.compose\.project=([^,]+)') { $Matches[1] } else { '' }
        if ($project.StartsWith($World.Prefix.ToLowerInvariant())) { [pscustomobject]@{ Project = $project; Container = $container.Names; Up = $container.Status.StartsWith('Up') } }
    }
}

function Remove-WorldComposeProject {
    # Takes every compose project of the world down (containers, networks, the images compose built), whatever
    # BlueGreen left: down in the machine's snapshot while there is one, docker rm -f by label for any container after.
    param([Parameter(Mandatory)] $World)
    $saved = @{}
    foreach ($name in 'DOCKER_HOST', 'DATABASE_URL', 'SHOP_DATA_DIR') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        $env:DOCKER_HOST = 'unix:///var/run/docker.sock'; $env:DATABASE_URL = $World.DatabaseUrl; $env:SHOP_DATA_DIR = $World.Data
        foreach ($record in @(Get-ChildItem (Join-Path $World.App '.bluegreen/local/machines/*/machine.json') -ErrorAction Ignore)) {
            $machine = Get-Content -Raw $record.FullName | ConvertFrom-Json
            if ($machine.PSObject.Properties['ComposeProject'] -and $machine.ComposeProject -and (Test-Path (Join-Path $machine.AppDirectory 'production.yml'))) {
                & /usr/bin/docker-compose -f (Join-Path $machine.AppDirectory 'production.yml') -p $machine.ComposeProject down --remove-orphans --rmi local 2>&1 | Out-Null
            }
        }
        $left = @(Get-WorldComposeProject $World)
        if ($left) { & docker rm -f @($left.Container) 2>&1 | Out-Null }
    } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function Remove-LocalWorld {
    param([Parameter(Mandatory)] $World)
    if ($World.Runtime -eq 'Compose') {
        try { Remove-WorldComposeProject $World } catch { Write-Warning "Taking the world's compose projects down failed: $_" }
    }
    # Every gunicorn the world started, by the process group its record names (the live ones cannot be removed).
    $null = Stop-LocalMachineProcess -StateDirectory (Join-Path $World.App '.bluegreen/local') -Signal KILL
    Stop-BgSandbox
    Remove-Item $World.Work -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function New-LocalWorld, Wait-GroupHealthy, Start-LiveRelease, Set-AppRelease, Get-WorldComposeProject, Remove-WorldComposeProject, Remove-LocalWorld
