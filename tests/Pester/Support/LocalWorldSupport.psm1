# A world where machines serve real requests: the sandbox with its data plane (listeners on loopback ports, real
# health checks), the example shop (examples/shop) served by Local machines (gunicorn on 127.0.0.1), one shared SQLite
# database and one shared maintenance state file, as blue and green share them in production.

Set-StrictMode -Version Latest
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path

function New-LocalWorld {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [int] $BakeTimeSeconds = 2,
        [double] $HealthCheckTimeScale = 0.2
    )
    $work = Join-Path ([IO.Path]::GetTempPath()) ("bg-$Name-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $app = Join-Path $work 'shop'
    $data = Join-Path $work 'data'
    New-Item -ItemType Directory -Path $work, $data | Out-Null
    Copy-Item -Recurse (Join-Path $script:Root 'examples/shop') $app
    $sandbox = Start-BgSandbox -Scenario DemoInfrastructure -HealthCheckTimeScale $HealthCheckTimeScale
    $site = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 80).LocalUrl
    $secure = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 443).LocalUrl
    $config = Join-Path $app 'bluegreen.psd1'
    Set-Content -Path $config -Value @"
@{
    Project = 'demo'
    LoadBalancer = 'bluegreen-demo'
    HealthTimeoutSeconds = 60
    Machines = @{
        Provider = 'Local'
        Local = @{
            WsgiModule = 'config.wsgi'
            Workers = 2
            Environment = @{ SHOP_DATA_DIR = '$data' }
        }
    }
    Maintenance = @{ Mode = 'Django'; Shared = `$true }
    Smoke = @{ Paths = @('/health/'); BaseUrl = '$secure'; AllowInvalidCertificate = `$true; Attempts = 3; DelaySeconds = 1 }
    Deployment = @{ BakeTimeSeconds = $BakeTimeSeconds; CheckIntervalSeconds = 1; DrainTimeoutSeconds = 30 }
}
"@
    [pscustomobject]@{ Name = $Name; Work = $work; App = $app; Data = $data; Config = $config; Sandbox = $sandbox; SiteUrl = $site; SecureUrl = $secure }
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
    # Writes a release over the app folder, as a checkout of new code would: '2' (examples/releases/2: a migration),
    # or any other name for a release without migrations (only its RELEASE file changes).
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Release)
    if ($Release -eq '2') { Copy-Item -Recurse -Force (Join-Path $script:Root 'examples/releases/2/*') $World.App }
    else { Set-Content -Path (Join-Path $World.App 'RELEASE') -Value $Release }
}

function Remove-LocalWorld {
    param([Parameter(Mandatory)] $World)
    # Every gunicorn the world started, by the process group its record names (the live ones cannot be removed).
    foreach ($record in @(Get-ChildItem (Join-Path $World.App '.bluegreen/local/machines/*/machine.json') -ErrorAction Ignore)) {
        $group = (Get-Content -Raw $record.FullName | ConvertFrom-Json).ProcessGroup
        if ($group -gt 1) { & kill -KILL -- "-$group" 2>$null }
    }
    Stop-BgSandbox
    Remove-Item $World.Work -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function New-LocalWorld, Wait-GroupHealthy, Start-LiveRelease, Set-AppRelease, Remove-LocalWorld
