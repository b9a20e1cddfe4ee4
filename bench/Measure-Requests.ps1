# Figure 5 of the benchmark (called by Invoke-Bench.ps1, whose Invoke-Timed, Invoke-BlueGreenStep and
# Set-SandboxEnvironment it uses): requests through the sandbox's HTTP listener under steady load while each tool
# deploys a release without migrations, on real servers (gunicorn of examples/shop on loopback addresses).
# Returns one result per tool: sent, served, failed, answered 503 by maintenance mode, the deployment's wall time.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $SeedProject,
    [int] $Machines = 2,
    [double] $HealthCheckTimeScale = 0.2,
    [double] $LaunchDelay = 1,
    [double] $LoadSeconds = 2
)
$ErrorActionPreference = 'Stop'
$repo = Split-Path $PSScriptRoot
Import-Module (Join-Path $repo 'demo/TrafficLoop.psm1') -Force
Import-Module (Join-Path $repo 'tests/Pester/Support/LocalWorldSupport.psm1') -Force
New-Item -ItemType Directory -Force -Path $WorkDirectory | Out-Null

function Measure-Traffic([string] $Tool, [uri] $Url, [scriptblock] $Deploy) {
    $loop = Start-TrafficLoop -Url $Url -Concurrency 2 -IntervalMilliseconds 40
    try {
        Start-Sleep -Seconds $LoadSeconds
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $Deploy
        $deployMs = $clock.Elapsed.TotalMilliseconds
        Start-Sleep -Seconds 1
    }
    finally {
        $requests = Stop-TrafficLoop $loop
    }
    $summary = Measure-TrafficResult -Result $requests
    [ordered]@{
        tool               = $Tool
        machines           = $Machines
        sent               = $summary.Sent
        served             = $summary.Served
        failed             = $summary.Failed
        unavailable        = $summary.Maintenance503
        maintenanceSeconds = $summary.MaintenanceWindowSeconds
        deployMs           = [Math]::Round($deployMs)
        firstFailures      = @($summary.FirstFailures)
    }
}

# ---- BlueGreen: Start-BgDeployment on the Local provider (the demo's world: tests/Pester/Support/LocalWorldSupport) --
$world = New-LocalWorld -Name bench-requests -HealthCheckTimeScale $HealthCheckTimeScale -BakeTimeSeconds 0
try {
    Set-SandboxEnvironment $world.Sandbox
    Start-LiveRelease -World $world -Count $Machines | Out-Null
    Set-AppRelease -World $world -Release 'bench-2'
    Measure-Traffic 'BlueGreen' $world.SiteUrl {
        $run = Invoke-BlueGreenStep -Operation Deploy -ConfigPath $world.Config -WorkingDirectory $world.App
        if ($run.Data.status -ne 'Succeeded') { throw "Start-BgDeployment (Local) ended $($run.Data.status)." }
    }
}
finally {
    Remove-LocalWorld $world
}

# ---- The seed: deploy-blue-green.sh, each machine a loopback address of its own with a real gunicorn -----------------
$sandbox = Start-BgSandbox -Scenario Empty -HealthCheckTimeScale $HealthCheckTimeScale -DeregistrationDelay ([TimeSpan]::Zero)
$pids = Join-Path $WorkDirectory 'gunicorn.pids'
try {
    Set-SandboxEnvironment $sandbox
    $bench = New-BenchWorld -ForwardingListeners 1 -GroupPort 8000
    $script:LoadBalancerArn = $bench.LoadBalancerArn
    $listener = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 80).LocalUrl
    $app = Join-Path $WorkDirectory 'shop'
    $data = Join-Path $WorkDirectory 'shop-data'
    $fakes = Join-Path $WorkDirectory 'seed-fakes'
    Remove-Item $app, $data, $fakes -Recurse -Force -ErrorAction SilentlyContinue
    Copy-Item -Recurse (Join-Path $repo 'examples/shop') $app
    New-Item -ItemType Directory -Path $data, $fakes | Out-Null
    $environment = @{
        PATH = "$(Join-Path $PSScriptRoot 'local-bin'):/usr/bin:/bin"; BENCH_FAKES = (Join-Path $repo 'tests/fakes')
        BENCH_LOAD_BALANCER_ARN = $bench.LoadBalancerArn; BENCH_SHOP_APP = $app; BENCH_SHOP_DATA = $data; BENCH_SHOP_PORT = '8000'
        BENCH_GUNICORN_PIDS = $pids; BLUEGREEN_FAKE_DIR = $fakes; BLUEGREEN_FAKE_PRIVATE_IP = 'loopback'; BLUEGREEN_FAKE_CREATE_DELAY = "$LaunchDelay"
        SHOP_DATA_DIR = $data
    }
    $migrate = Invoke-Timed -FilePath /usr/bin/python3 -ArgumentList @('manage.py', 'migrate', '--noinput') -WorkingDirectory $app -Environment $environment
    if ($migrate.ExitCode -ne 0) { throw "The shop's migrate failed: $($migrate.Stderr)" }
    # The live release, made as the seed makes it: add-machine.sh, once per machine.
    for ($i = 0; $i -lt $Machines; $i++) {
        $added = Invoke-Timed -FilePath /bin/bash -ArgumentList @('add-machine.sh') -WorkingDirectory $SeedProject -Environment $environment
        if ($added.ExitCode -ne 0) { throw "The seed's add-machine.sh failed: $($added.Stdout) $($added.Stderr)" }
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (@($sandbox.GetTargetHealth($bench.Blue) | Where-Object { $_.Value.State -eq 'healthy' }).Count -lt $Machines) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The seed's $Machines live machines did not become healthy within 60 s." }
        Start-Sleep -Milliseconds 200
    }
    Set-Content -Path (Join-Path $app 'RELEASE') -Value 'bench-2'
    Measure-Traffic 'seed' $listener {
        $deployed = Invoke-Timed -FilePath /bin/bash -ArgumentList @('deploy-blue-green.sh') -WorkingDirectory $SeedProject -Environment $environment
        if ($deployed.ExitCode -ne 0) { throw "The seed's deploy-blue-green.sh failed: $($deployed.Stdout) $($deployed.Stderr)" }
    }
}
finally {
    # Every gunicorn the seed's machines started, by its process group.
    if (Test-Path $pids) { foreach ($id in Get-Content $pids) { if ([int] $id -gt 1) { & kill -KILL -- "-$id" 2>$null } } }
    $sandbox | Stop-BgSandbox
}
