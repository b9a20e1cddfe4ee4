<#
.SYNOPSIS
    The main job on the embedded default: whole blue-green releases of a real Django app behind the local AWS
    sandbox's load balancer, while a stream of requests measures what users would see.
.DESCRIPTION
    No AWS account is touched: every AWS endpoint points at the sandbox (dummy credentials). The sandbox's listeners
    answer real HTTP on loopback ports and health-check every machine for real. Two ways to run the machines:

    Ec2 (the production path; chosen where it can run: root on Debian with Docker, OpenSSH's server and the AWS CLI,
    which build.ps1 Demo installs): the load balancer as the seed's article leaves it (one target group serving, made
    with the AWS CLI) is prepared by Initialize-BgLoadBalancer; the Ec2 provider launches machines on the sandbox's
    host instances, each its own 127.x address with a real OpenSSH server and its own Docker engine; host keys are
    verified from the console output, and docker-compose builds and runs the example app (examples/shop's
    production.yml) over ssh, against one PostgreSQL database.

    Local (elsewhere, saying why): each machine is a gunicorn on 127.0.0.1 serving a snapshot of the example app.

      1. the sandbox and the load balancer;
      2. two machines of release 1 live, the shared database migrated;
      3. release 2 written over the app folder: a new column (migration 0002) and views that read it;
      4. Start-BgDeployment: new machines health-gated, maintenance only around the migration, then the switch;
      5. requests through the listener show release 2;
      6. Undo-BgDeployment: the migration reverted (under maintenance), traffic back on release 1;
      7. a second Start-BgDeployment, then Complete-BgDeployment (the old machines drained and removed);
      8. everything stopped.
    A background loop sends requests through the HTTP listener the whole time; the summary counts the requests served,
    failed, and answered 503 by maintenance mode, and the length of each maintenance window.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    # Auto: the production path (Ec2 machines over ssh on host instances) where this machine can run it, else Local.
    [ValidateSet('Auto', 'Ec2', 'Local')] [string] $Machines = $(if ($env:BLUEGREEN_DEMO_MACHINES) { $env:BLUEGREEN_DEMO_MACHINES } else { 'Auto' })
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot 'TrafficLoop.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'LocalMachines.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'Ec2World.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/docker/DockerTestSupport.psm1') -Force

$demoClock = [Diagnostics.Stopwatch]::StartNew()
function Show { $input | Out-String -Width 180 | Write-Host -NoNewline }
function Write-Step([string] $Text) { Write-Host ("`n[{0,5:N1} s] == {1}" -f $demoClock.Elapsed.TotalSeconds, $Text) -ForegroundColor Cyan }
function Write-Note([string] $Text) { Write-Host ("[{0,5:N1} s]    {1}" -f $demoClock.Elapsed.TotalSeconds, $Text) }

function Get-Site([string] $Url, [int] $Count = 6) {
    # What users get through the listener now: which release and machine answered each of a few requests.
    1..$Count | ForEach-Object {
        $response = Invoke-WebRequest -Uri $Url -SkipHttpErrorCheck -TimeoutSec 10
        $body = if ($response.StatusCode -eq 200) { $response.Content | ConvertFrom-Json } else { $null }
        [pscustomobject]@{
            Status = $response.StatusCode
            Release = if ($body) { $body.release } else { '' }
            Machine = if ($body) { $body.machine } else { '' }
            Color = if ($body) { $body.color } else { '' }
            Products = if ($body) { $body.products } else { '' }
            InStock = if ($body -and $body.PSObject.Properties['in_stock']) { $body.in_stock } else { '' }
        }
    }
}

function Assert-Serving([string] $Url, [string] $Release, [string] $Color) {
    $answers = @(Get-Site $Url)
    $answers | Format-Table | Show
    $wrong = @($answers | Where-Object { $_.Status -ne 200 -or $_.Release -ne $Release -or $_.Color -ne $Color })
    if ($wrong) { throw "Expected every request through the listener to be answered by release $Release on $Color; got: $(($answers | ForEach-Object { "$($_.Status)/$($_.Release)/$($_.Color)" }) -join ', ')." }
    Write-Note "Every request through the listener was answered by release $Release, on the $Color machines."
}

function Show-Deployment($Record) {
    $window = if ($Record.MaintenanceStartedAt -and $Record.MaintenanceEndedAt) { '{0:N2} s' -f ($Record.MaintenanceEndedAt - $Record.MaintenanceStartedAt).TotalSeconds } else { 'none' }
    Write-Note ("{0} {1}: {2}, {3} -> {4}, migrations applied: {5}; maintenance window (as recorded): {6}" -f $Record.Operation, $Record.Id, $Record.Status,
        $Record.FromColor, $Record.ToColor, $(if ($Record.MigrationsApplied.Count) { $Record.MigrationsApplied -join ', ' } else { 'none' }), $window)
    $Record.Steps | Format-Table Number, Name, Outcome, @{ Name = 'Seconds'; Expression = { if ($_.EndedAt) { '{0:N2}' -f ($_.EndedAt - $_.StartedAt).TotalSeconds } } }, Detail -AutoSize | Show
}

function Get-AppliedMigration([object] $Machine) {
    @($Machine | Invoke-BgManage showmigrations, shop, --list | Where-Object { $_ -match '^\s*\[X\]' } | ForEach-Object { 'shop.' + ($_ -replace '^\s*\[X\]\s*', '').Trim() })
}

# The machines are real Django under Debian's gunicorn: without them there is nothing to serve.
$missing = @(
    if (-not (Test-Path -PathType Leaf /usr/bin/gunicorn)) { 'gunicorn' }
    if (-not ((Test-Path /usr/bin/python3) -and $(& /usr/bin/python3 -c 'import django' 2>$null; $LASTEXITCODE -eq 0))) { 'python3-django' }
    if (-not (Test-Path /usr/lib/python3/dist-packages/maintenance_mode)) { 'python3-django-maintenance-mode' }
)
if ($missing) {
    throw "The demo serves the example app with Debian's Django and gunicorn; missing: $($missing -join ', '). Install them (sudo apt-get install --no-install-recommends $($missing -join ' ')) or run build.ps1 Demo as root on Debian, which installs them."
}

# Nothing here may reach real AWS, even on a machine with real credentials.
$env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-demo-config'
$env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-demo-credentials'
$env:AWS_ACCESS_KEY_ID = 'demo'
$env:AWS_SECRET_ACCESS_KEY = 'demo'
$env:AWS_REGION = 'us-east-1'
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_PAGER = ''

# Which machines: the production path where this machine can run it (Docker, OpenSSH's server, PostgreSQL, the base
# image: tests/docker/DockerTestSupport.psm1 installs and starts them as root on Debian), else the Local provider.
$docker = $null
$why = $null
if ($Machines -ne 'Local') {
    Write-Step '0. The production path needs Docker, OpenSSH''s server, PostgreSQL and the example''s base image'
    $docker = Initialize-DockerTestEnvironment
    foreach ($step in 'Prerequisite', 'Engine', 'BaseImage', 'PostgreSql') {
        $outcome = $docker.$step
        if ($outcome) { Write-Note ("{0}: {1} ({2} s){3}" -f $step, $(if ($outcome.Ready) { $outcome.How } else { 'not ready' }), $outcome.Seconds, $(if ($outcome.Reason) { " - $($outcome.Reason)" } else { '' })) }
    }
    $why = if (-not $docker.Ready) { $docker.Reason } else { Get-Ec2WorldBlocker }
    if (-not $why) {
        $archive = Export-BaseImageArchive -BaseImage $docker.BaseImage
        Write-Note ("BaseImageArchive: {0} ({1} s) {2}" -f $(if ($archive.Ready) { $archive.How } else { 'not ready' }), $archive.Seconds, $archive.Path)
        if (-not $archive.Ready) { $why = $archive.Reason }
    }
    if ($why -and $Machines -eq 'Ec2') { throw "The production path cannot run here: $why." }
    if ($why) { Write-Warning "The production path (Ec2 machines over ssh on host instances) cannot run here: $why. The demo runs the Local path instead (each machine a gunicorn on 127.0.0.1)." }
}
$path = if ($Machines -eq 'Local' -or $why) { 'Local' } else { 'Ec2' }

$loop = $null
$results = @()
$summary = $null
$world = $null
$work = $null
$launchTimes = @()
try {
    if ($path -eq 'Ec2') {
        Write-Step '1. The load balancer as the seed leaves it (AWS CLI), then Initialize-BgLoadBalancer'
        $world = New-Ec2World -Name demo -DatabaseUrl $docker.PostgreSql.DatabaseUrl -ImageArchive $archive.Path -BakeTimeSeconds 3
        $app = $world.App
        $site = $world.SiteUrl
        Write-Note "Sandbox of host instances at $($world.Sandbox.Endpoint); the seed's load balancer $($world.Seed.LoadBalancer.LoadBalancerName) serves $($world.Seed.TargetGroup.TargetGroupName) at $site."
        Push-Location $app
        Write-Note 'Initialize-BgLoadBalancer -WhatIf: what it would change (nothing is changed):'
        Initialize-BgLoadBalancer -WhatIf | Format-Table | Show
        Write-Note 'Initialize-BgLoadBalancer: the second target group, the project tags and the preview rule:'
        Initialize-BgLoadBalancer -Confirm:$false | Format-Table | Show
        Get-Content bluegreen.psd1 | Show
    }
    else {
        $work = Join-Path ([IO.Path]::GetTempPath()) ("bluegreen-demo-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
        $app = Join-Path $work 'shop'
        $data = Join-Path $work 'data'
        New-Item -ItemType Directory $work, $data | Out-Null
        Copy-Item -Recurse (Join-Path $PSScriptRoot '../examples/shop') $app
        Push-Location $app
        Write-Step '1. The sandbox: a load balancer whose listeners answer real HTTP on loopback'
        $sandbox = Start-BgSandbox -Scenario DemoInfrastructure -HealthCheckTimeScale 0.2
        $sandbox.DataPlaneListeners | Format-Table LoadBalancerName, Protocol, Port, LocalUrl | Show
        $site = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 80).LocalUrl
        $secure = ($sandbox.DataPlaneListeners | Where-Object Port -EQ 443).LocalUrl
        Write-Note "Users reach the site at $site (the listener on port 80); the smoke check uses the preview rule on $secure."
        # The smoke check runs through the preview rule before the migration, so it asks only for what the new code
        # answers on the old schema (/health/); release 2's front page needs its column, and is checked through the
        # listener after. The project file: Local machines serving this folder, Django's maintenance mode with its
        # state shared by every machine (one file in the data folder, as the example's settings say), a short bake.
        Set-Content bluegreen.psd1 @"
@{
    Project = 'demo'
    LoadBalancer = 'bluegreen-demo'
    HealthTimeoutSeconds = 60
    Machines = @{
        Provider = 'Local'
        Local = @{ WsgiModule = 'config.wsgi'; Workers = 2; Environment = @{ SHOP_DATA_DIR = '$data' } }
    }
    Maintenance = @{ Mode = 'Django'; Shared = `$true }
    Smoke = @{ Paths = @('/health/'); BaseUrl = '$secure'; AllowInvalidCertificate = `$true; Attempts = 3; DelaySeconds = 1 }
    Deployment = @{ Maintenance = 'Auto'; BakeTimeSeconds = 3; CheckIntervalSeconds = 1 }
}
"@
        Get-Content bluegreen.psd1 | Show
    }

    Write-Step "2. Two machines of release 1, live ($path machines)"
    # Each machine's launch phases, from the times of New-BgMachine's verbose lines: RunInstances, the host key
    # verified (ssh ready), Docker answering over ssh, and the end of the launch (compose up --build -d done).
    $launchClock = [Diagnostics.Stopwatch]::StartNew()
    $marks = [Collections.Generic.List[object]]::new()
    $first = @(New-BgMachine -Count 2 -TargetGroup Live -Release 1 -Verbose 4>&1 | ForEach-Object {
            if ($_ -is [Management.Automation.VerboseRecord]) { $marks.Add([pscustomobject]@{ At = $launchClock.Elapsed.TotalSeconds; Text = $_.Message }) } else { $_ }
        })
    $launched = $launchClock.Elapsed.TotalSeconds
    if ($path -eq 'Ec2') {
        foreach ($machine in $first) {
            $at = { param($pattern) ($marks | Where-Object { $_.Text -match $pattern } | Select-Object -First 1).At }
            $launchTimes += [pscustomobject]@{
                Machine = $machine.Name; Address = $machine.Address
                'RunInstances at' = [math]::Round((& $at "RunInstances for $([regex]::Escape($machine.Name))"), 1)
                'ssh ready (host key verified) at' = [math]::Round((& $at "Trusted the host key\(s\) of machine $([regex]::Escape($machine.Name))"), 1)
                'Docker ready at' = [math]::Round((& $at "Docker \S+ answers on machine $([regex]::Escape($machine.Name))"), 1)
                'compose up done at (both)' = [math]::Round($launched, 1)
            }
        }
    }
    $first | Format-Table | Show
    $first[0] | Invoke-BgManage migrate, --noinput | Show
    $live = Get-BgTargetGroup | Where-Object Role -EQ Live
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ((Get-BgTargetGroup | Where-Object Name -EQ $live.Name).HealthyCount -lt 2) {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The release 1 machines did not become healthy within 120 s.' }
        Start-Sleep -Milliseconds 250
    }
    Get-BgTargetGroup | Format-Table | Show
    Assert-Serving $site '1' $live.Color

    $loop = Start-TrafficLoop -Url $site -Concurrency 2 -IntervalMilliseconds 25
    Write-Note 'A background loop now sends requests through the listener, 2 at a time, until the end.'

    Write-Step '3. Release 2 on disk: a new column (migration 0002) and the views that read it'
    Copy-Item -Recurse -Force (Join-Path $PSScriptRoot '../examples/releases/2/*') $app
    Get-ChildItem (Join-Path $app 'shop/migrations') -Filter '0*.py' | ForEach-Object Name | Show

    Write-Step '4. Start-BgDeployment -Release 2 (health-gated; maintenance only around the migration)'
    Add-TrafficMark $loop 'deploy 2'
    $deployment = Start-BgDeployment -Release 2 -Confirm:$false
    Add-TrafficMark $loop 'deployed 2'
    Show-Deployment $deployment

    Write-Step '5. Through the listener: release 2 answers'
    Assert-Serving $site '2' $deployment.ToColor

    Write-Step '6. Undo-BgDeployment: migration 0002 reverted under maintenance, traffic back on release 1'
    Add-TrafficMark $loop 'undo'
    $undone = Undo-BgDeployment -Confirm:$false
    Add-TrafficMark $loop 'undone'
    Show-Deployment $undone
    Assert-Serving $site '1' $live.Color
    $applied = Get-AppliedMigration (Get-BgMachine -Role Live | Select-Object -First 1)
    Write-Note "Applied migrations of shop now: $($applied -join ', ')"
    if ($applied -contains 'shop.0002_product_in_stock') { throw 'Undo-BgDeployment left migration shop.0002_product_in_stock applied.' }

    Write-Step '7. Release 2 again, then Complete-BgDeployment: the old machines drain and go'
    Add-TrafficMark $loop 'deploy 2 again'
    $again = Start-BgDeployment -Release 2 -Confirm:$false
    Show-Deployment $again
    Assert-Serving $site '2' $again.ToColor
    Add-TrafficMark $loop 'complete'
    Show-Deployment (Complete-BgDeployment -Confirm:$false)
    Add-TrafficMark $loop 'completed'
    Get-BgMachine | Format-Table | Show
    $leftovers = @(Get-BgMachine | Where-Object Release -NE '2')
    if ($leftovers) { throw "Complete-BgDeployment left old machines: $($leftovers.Name -join ', ')." }

    $results = Stop-TrafficLoop $loop
    $summary = Measure-TrafficResult $results
}
finally {
    Pop-Location
    if ($loop -and -not $results) { $results = Stop-TrafficLoop $loop }
    Write-Step '8. Everything stopped'
    if ($path -eq 'Ec2') {
        # Stopping the sandbox terminates every host instance: its sshd, its Docker engine and its containers.
        if ($world) { Remove-Ec2World $world; Write-Note 'Sandbox stopped: every host instance terminated (sshd, dockerd, containers).' }
        if ($docker.PostgreSql -and $docker.PostgreSql.Ready) { $null = Remove-PostgreSqlDatabase -Database $docker.PostgreSql.Database }
        if ($docker.Engine -and $docker.Engine.How -eq 'Started') { $null = Stop-DockerEngine }
        if ($docker.PostgreSql -and $docker.PostgreSql.How -eq 'Started') { $null = Stop-PostgreSql }
    }
    else {
        # The live machines stay until the end (BlueGreen never removes the last healthy live machine): the demo stops
        # their gunicorns by the process groups their records name, then the sandbox.
        $stopped = Stop-LocalMachineProcess -StateDirectory (Join-Path $app '.bluegreen/local')
        Write-Note "Stopped the gunicorns of $stopped machine(s)."
        Stop-BgSandbox
        if ($work) { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Write-Host ''
Write-Host ("Summary (the demo took {0:N0} s; {1} machines)" -f $demoClock.Elapsed.TotalSeconds, $path) -ForegroundColor Green
if ($path -eq 'Ec2') {
    Write-Host 'Release 1 live on Ec2 machines, each its own host instance reached over ssh (seconds from the start of New-BgMachine):'
    $launchTimes | Format-Table -AutoSize | Show
    Write-Host 'The releases'' steps (seconds):'
    # The undo is journaled in the deployment it undoes: its own steps are those after the deployment's.
    @(
        @{ What = 'Start-BgDeployment -Release 2'; Record = $deployment; After = 0 }
        @{ What = 'Undo-BgDeployment'; Record = $undone; After = @($deployment.Steps).Count }
        @{ What = 'Start-BgDeployment -Release 2 (again)'; Record = $again; After = 0 }
    ) | Where-Object { $_.Record } | ForEach-Object {
        $after = $_.After
        [pscustomobject]@{ Operation = $_.What; Steps = (@($_.Record.Steps | Where-Object { $_.Number -gt $after -and $_.EndedAt } | ForEach-Object { '{0} {1:N1}' -f $_.Name, ($_.EndedAt - $_.StartedAt).TotalSeconds }) -join ', ') }
    } | Format-Table -AutoSize -Wrap | Show
}
$summary | Format-List Sent, Served, ServedByRelease, Failed, Maintenance503, MaintenanceWindows, MaintenanceWindowSeconds, LongestMaintenanceWindowSeconds | Show
if ($summary.Failed -gt 0) {
    $summary.FirstFailures | ForEach-Object { Write-Host "  failed: $_" -ForegroundColor Red }
    throw "$($summary.Failed) request(s) through the listener failed during the demo."
}
Write-Host "Released, undone and released again with $($summary.Sent) requests through the listener: none failed; $($summary.Maintenance503) were answered 503 by maintenance, in $($summary.MaintenanceWindows) window(s) totalling $($summary.MaintenanceWindowSeconds) s." -ForegroundColor Green
