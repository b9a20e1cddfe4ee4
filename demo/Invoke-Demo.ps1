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
      3. release 2 written over the app folder: a nullable column (migration 0002, compatible with release 1) and views
         that read it (NULL: not counted yet);
      4. Start-BgDeployment: new machines health-gated, then the migration and the switch (Maintenance 'Auto': a window
         only around migrations that would break the release still serving);
      5. requests through the listener show release 2;
      6. Undo-BgDeployment: migration 0002 reverted, traffic back on release 1;
      7. a second Start-BgDeployment, then Complete-BgDeployment (the old machines drained and removed);
      8. release 3 (no migration) whose front page answers 500 on one request in five while /health/ stays 200: a
         canary (50%) judged by the load balancer's metrics is caught by its 5xx rate and sent back automatically;
         release 2 still serves; Undo-BgDeployment removes release 3's machines;
      9. release 4: a NOT NULL column without a database default (migration 0003, incompatible with release 2): it
         still gets its maintenance window, as a contrast;
     10. everything stopped.
    A background loop sends requests through the HTTP listener the whole time; the summary counts, per operation and
    for the whole run, the requests served, answered 503 by maintenance mode (and the length of each window), answered
    500 by release 3's canary (real errors users saw, counted apart), and failed (any other answer, or none: must be 0).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    # Auto: the production path (Ec2 machines over ssh on host instances) where this machine can run it, else Local.
    [ValidateSet('Auto', 'Ec2', 'Local')] [string] $Machines = $(if ($env:BLUEGREEN_DEMO_MACHINES) { $env:BLUEGREEN_DEMO_MACHINES } else { 'Auto' })
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# The metric analysis of the canary and the bakes: the sandbox's 1-second metric periods, a check every 3 s (each
# reads the whole periods begun since the last one, about 2-3 s of traffic). The loop sends some 15 requests a second
# through the listener on a loaded 2-core machine (2 at a time; 50 and more on an idle one), so a 50% canary gets some
# 20 or more requests a check: enough to judge (below MinRequestCount a check is Inconclusive and lets it through).
$CheckIntervalSeconds = 3
$AnalysisSetting = 'Analysis = @{ PeriodSeconds = 1; MinRequestCount = 10; MaxErrorRatePercent = 5 }'
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

function Show-Deployment($Record, [int] $After = 0) {
    # $After: the steps of an undo are journaled in the deployment it undoes, after the deployment's own.
    $window = if ($Record.MaintenanceStartedAt -and $Record.MaintenanceEndedAt) { '{0:N2} s' -f ($Record.MaintenanceEndedAt - $Record.MaintenanceStartedAt).TotalSeconds } else { 'none' }
    Write-Note ("{0} {1}: {2}, {3} -> {4}, migrations applied: {5}; maintenance window (as recorded): {6}" -f $Record.Operation, $Record.Id, $Record.Status,
        $Record.FromColor, $Record.ToColor, $(if ($Record.MigrationsApplied.Count) { $Record.MigrationsApplied -join ', ' } else { 'none' }), $window)
    $Record.Steps | Where-Object Number -GT $After | Format-Table Number, Name, Outcome, @{ Name = 'Seconds'; Expression = { if ($_.EndedAt) { '{0:N2}' -f ($_.EndedAt - $_.StartedAt).TotalSeconds } } }, Detail -AutoSize | Show
}

function Invoke-Operation([string] $What, [scriptblock] $Action, [switch] $Compatible, [int] $After = 0) {
    # Runs one BlueGreen operation, its start and end marked on the traffic loop's clock so the summary can say what
    # users saw during it; returns (and keeps) the deployment record it returns. -Compatible: its migrations are all
    # compatible with the release serving (no window is intended); -After: an undo's or a completion's steps come after
    # this many of the deployment's.
    $from = $loop.State.Clock.Elapsed.TotalMilliseconds
    Add-TrafficMark $loop $What
    $record = & $Action
    $operations.Add([pscustomobject]@{ What = $What; Record = $record; Compatible = [bool] $Compatible; After = $After; FromMs = $from; ToMs = $loop.State.Clock.Elapsed.TotalMilliseconds })
    $record
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
$operations = [Collections.Generic.List[object]]::new()
$canary = $null
$watched = 0
try {
    if ($path -eq 'Ec2') {
        Write-Step '1. The load balancer as the seed leaves it (AWS CLI), then Initialize-BgLoadBalancer'
        $world = New-Ec2World -Name demo -DatabaseUrl $docker.PostgreSql.DatabaseUrl -ImageArchive $archive.Path -BakeTimeSeconds 3 `
            -CheckIntervalSeconds $CheckIntervalSeconds -Setting $AnalysisSetting
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
    Deployment = @{ Maintenance = 'Auto'; BakeTimeSeconds = 3; CheckIntervalSeconds = $CheckIntervalSeconds }
    $AnalysisSetting
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

    $loop = Start-TrafficLoop -Url $site -Concurrency 2 -IntervalMilliseconds 25 -ServerErrorRelease '3'
    Write-Note 'A background loop now sends requests through the listener, 2 at a time, until the end.'

    Write-Step '3. Release 2 on disk: a nullable column (migration 0002, compatible with release 1) and the views that read it'
    Copy-Item -Recurse -Force (Join-Path $PSScriptRoot '../examples/releases/2/*') $app
    Get-ChildItem (Join-Path $app 'shop/migrations') -Filter '0*.py' | ForEach-Object Name | Show

    Write-Step '4. Start-BgDeployment -Release 2 (health-gated; Maintenance Auto: a window only around incompatible migrations)'
    $deployment = Invoke-Operation 'Start-BgDeployment -Release 2' -Compatible { Start-BgDeployment -Release 2 -Confirm:$false }
    Show-Deployment $deployment

    Write-Step '5. Through the listener: release 2 answers'
    Assert-Serving $site '2' $deployment.ToColor

    Write-Step '6. Undo-BgDeployment: migration 0002 reverted, traffic back on release 1'
    $undone = Invoke-Operation 'Undo-BgDeployment (release 2)' -Compatible -After @($deployment.Steps).Count { Undo-BgDeployment -Confirm:$false }
    Show-Deployment $undone -After @($deployment.Steps).Count
    Assert-Serving $site '1' $live.Color
    $applied = Get-AppliedMigration (Get-BgMachine -Role Live | Select-Object -First 1)
    Write-Note "Applied migrations of shop now: $($applied -join ', ')"
    if ($applied -contains 'shop.0002_product_in_stock') { throw 'Undo-BgDeployment left migration shop.0002_product_in_stock applied.' }

    Write-Step '7. Release 2 again, then Complete-BgDeployment: the old machines drain and go'
    $again = Invoke-Operation 'Start-BgDeployment -Release 2 (again)' -Compatible { Start-BgDeployment -Release 2 -Confirm:$false }
    Show-Deployment $again
    Assert-Serving $site '2' $again.ToColor
    $completed = Invoke-Operation 'Complete-BgDeployment' -After @($again.Steps).Count { Complete-BgDeployment -Confirm:$false }
    Show-Deployment $completed -After @($again.Steps).Count
    Get-BgMachine | Format-Table | Show
    $leftovers = @(Get-BgMachine | Where-Object Release -NE '2')
    if ($leftovers) { throw "Complete-BgDeployment left old machines: $($leftovers.Name -join ', ')." }

    Write-Step '8. Release 3 on disk: no migration; its front page answers 500 on one request in five, /health/ stays 200'
    Copy-Item -Recurse -Force (Join-Path $PSScriptRoot '../examples/releases/3/*') $app
    Write-Note "Its machines pass the health check and the smoke check (/health/): only the load balancer's 5xx count shows the bug."
    Write-Note "Analysis: $AnalysisSetting; a check every $CheckIntervalSeconds s (Deployment.CheckIntervalSeconds)."
    $canary = Invoke-Operation 'Start-BgDeployment -Release 3 (canary 50%)' {
        $failure = $null
        try { $null = Start-BgDeployment -Release 3 -CanaryWeight 50 -CanaryDuration 00:00:30 -Confirm:$false }
        catch { $failure = $_ }
        if (-not $failure) { throw "Release 3's canary was not caught: Start-BgDeployment -Release 3 went through to the full switch although its front page answers 500 on one request in five." }
        if ($failure.FullyQualifiedErrorId -notmatch '^StartBgDeploymentDeploymentRolledBack') { throw $failure }
        Write-Note "Start-BgDeployment stopped, as it should: $($failure.Exception.Message)"
        Get-BgDeployment -First 1
    }
    Show-Deployment $canary
    $watch = @($canary.Steps | Where-Object Name -EQ 'WatchCanary')[-1]
    $watched = ($watch.EndedAt - $watch.StartedAt).TotalSeconds
    if ($canary.Status -ne 'RolledBack' -or $watch.Outcome -ne 'Failed') { throw "Release 3's deployment ended $($canary.Status) (its canary watch $($watch.Outcome)); expected RolledBack after a failed watch." }
    if ($canary.RollbackReason -notmatch '5xx rate') { throw "Release 3's canary was sent back, but not for its 5xx rate: $($canary.RollbackReason)" }
    Write-Note "Get-BgDeployment: Status $($canary.Status); RollbackReason: $($canary.RollbackReason)"
    Write-Note 'Verdicts:'
    $canary.Verdicts | ForEach-Object { Write-Note "  $_" }
    Write-Note ("The canary was watched {0:N1} s before it was sent back: {1:N1} check interval(s) of {2} s." -f $watched, ($watched / $CheckIntervalSeconds), $CheckIntervalSeconds)
    # Two intervals, and the time of one check (the metrics read, the targets' health) on a loaded machine.
    if ($watched -gt 2 * $CheckIntervalSeconds + 1) { throw "Release 3's canary was caught after $([math]::Round($watched, 1)) s, more than two check intervals ($(2 * $CheckIntervalSeconds) s)." }
    Write-Step '   Through the listener: release 2 still answers, on every request'
    Assert-Serving $site '2' $again.ToColor
    $discarded = Invoke-Operation 'Undo-BgDeployment (release 3''s machines)' -After @($canary.Steps).Count { Undo-BgDeployment -Confirm:$false }
    Show-Deployment $discarded -After @($canary.Steps).Count
    $leftovers = @(Get-BgMachine | Where-Object Release -NE '2')
    if ($leftovers) { throw "Undo-BgDeployment left release 3's machines: $($leftovers.Name -join ', ')." }

    Write-Step '9. Release 4: a NOT NULL column without a database default (migration 0003, incompatible): it gets its window'
    Copy-Item -Recurse -Force (Join-Path $PSScriptRoot '../examples/releases/4/*') $app
    Get-ChildItem (Join-Path $app 'shop/migrations') -Filter '0*.py' | ForEach-Object Name | Show
    $fourth = Invoke-Operation 'Start-BgDeployment -Release 4' { Start-BgDeployment -Release 4 -Confirm:$false }
    Show-Deployment $fourth
    Assert-Serving $site '4' $fourth.ToColor
    if (-not ($fourth.Steps | Where-Object { $_.Name -eq 'MaintenanceOn' -and $_.Outcome -eq 'Succeeded' })) {
        throw 'Release 4''s migration 0003 (a NOT NULL column without a database default) breaks the release still serving, yet Start-BgDeployment opened no maintenance window around it.'
    }
    $applied = Get-AppliedMigration (Get-BgMachine -Role Live | Select-Object -First 1)
    Write-Note "Applied migrations of shop now: $($applied -join ', ')"
    if ($applied -notcontains 'shop.0003_product_weight_grams') { throw 'Start-BgDeployment -Release 4 did not apply migration shop.0003_product_weight_grams.' }

    $results = Stop-TrafficLoop $loop
    $summary = Measure-TrafficResult $results
}
finally {
    Pop-Location
    if ($loop -and -not $results) { $results = Stop-TrafficLoop $loop }
    Write-Step '10. Everything stopped'
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
}
Write-Host 'The releases'' steps (seconds):'
$operations | ForEach-Object {
    $after = $_.After
    [pscustomobject]@{ Operation = $_.What; Status = $_.Record.Status; Steps = (@($_.Record.Steps | Where-Object { $_.Number -gt $after -and $_.EndedAt } | ForEach-Object { '{0} {1:N1}' -f $_.Name, ($_.EndedAt - $_.StartedAt).TotalSeconds }) -join ', ') }
} | Format-Table -AutoSize -Wrap | Show

# What users saw during each operation (the requests begun between its start and its end), and in the whole run.
$rows = foreach ($operation in $operations) {
    $slice = Measure-TrafficResult $results -FromMs $operation.FromMs -ToMs $operation.ToMs
    $opened = @($operation.Record.Steps | Where-Object { $_.Number -gt $operation.After -and $_.Name -eq 'MaintenanceOn' -and $_.Outcome -eq 'Succeeded' }).Count -gt 0
    [pscustomobject]@{
        Operation = $operation.What; Compatible = $operation.Compatible; Slice = $slice; WindowOpened = $opened
        Row = [pscustomobject][ordered]@{
            Operation = $operation.What
            Seconds = [math]::Round(($operation.ToMs - $operation.FromMs) / 1000, 1)
            Requests = $slice.Sent
            Served = $slice.Served
            'Window (journal)' = if ($opened) { 'MaintenanceOn' } else { 'none' }
            '503 maintenance' = $slice.Maintenance503
            'Window s' = $slice.MaintenanceWindowSeconds
            '500 release 3' = $slice.ServerError500
            Failed = $slice.Failed
        }
    }
}
Write-Host 'Requests through the listener during each operation:'
@($rows.Row) + [pscustomobject][ordered]@{
    Operation = 'Whole run'; Seconds = [math]::Round(($results[-1].AtMs - $results[0].AtMs) / 1000, 1); Requests = $summary.Sent; Served = $summary.Served
    'Window (journal)' = ''; '503 maintenance' = $summary.Maintenance503; 'Window s' = $summary.MaintenanceWindowSeconds; '500 release 3' = $summary.ServerError500; Failed = $summary.Failed
} | Format-Table -AutoSize | Show
$summary | Format-List Sent, Served, ServedByRelease, ServerError500, ServerError500ByRelease, Failed, Maintenance503, MaintenanceWindows, MaintenanceWindowSeconds, LongestMaintenanceWindowSeconds | Show
if ($summary.Failed -gt 0) {
    $summary.FirstFailures | ForEach-Object { Write-Host "  failed: $_" -ForegroundColor Red }
    throw "$($summary.Failed) request(s) through the listener failed during the demo."
}

$canaryRow = $rows | Where-Object Operation -Like '*-Release 3*'
$fourthRow = $rows | Where-Object Operation -EQ 'Start-BgDeployment -Release 4'
if ($summary.ServerError500 -ne $canaryRow.Slice.ServerError500) {
    throw "Release 3 answered $($summary.ServerError500 - $canaryRow.Slice.ServerError500) request(s) 500 outside its canary: it should have served none after being sent back."
}
foreach ($row in $rows | Where-Object Compatible) {
    $text = "{0}: {1} request(s) answered 503 in {2} window(s) ({3} s); window in the journal: {4}" -f $row.Operation, $row.Slice.Maintenance503, $row.Slice.MaintenanceWindows, $row.Slice.MaintenanceWindowSeconds, $(if ($row.WindowOpened) { 'yes' } else { 'none' })
    # Maintenance Auto opens no window for a migration the running release survives, nor does its undo.
    if ($row.Slice.Maintenance503 -gt 0 -or $row.WindowOpened) { throw "Release 2's migration is compatible, yet $text." }
    Write-Host "Release 2, compatible migration 0002 - $text"
}
$servedBy3 = if ($canaryRow.Slice.ServedByRelease.Contains('3')) { $canaryRow.Slice.ServedByRelease['3'] } else { 0 }
Write-Host ("Release 3's canary (50%): caught by its 5xx rate after {0:N1} s of watching ({1:N1} check intervals of {2} s) and sent back automatically. Of the {3} requests during its deployment, {4} were answered 500 by release 3's canary (errors users saw), {5} served by release 3, the rest by release 2." -f `
        $watched, ($watched / $CheckIntervalSeconds), $CheckIntervalSeconds, $canaryRow.Slice.Sent, $canaryRow.Slice.ServerError500, $servedBy3)
Write-Host "  the failed verdict: $(@($canary.Verdicts | Where-Object { $_ -match 'Failed' })[-1])"
$elsewhere = $summary.Maintenance503 - $fourthRow.Slice.Maintenance503
$where = if ($elsewhere -eq 0) { "503s only in release 4's window" } else { "503s in release 4's window" }
Write-Host ("{0} (incompatible migration 0003): {1} request(s), {2} s (longest {3} s); {4} answered 503 elsewhere in the run." -f $where, $fourthRow.Slice.Maintenance503, $fourthRow.Slice.MaintenanceWindowSeconds, $fourthRow.Slice.LongestMaintenanceWindowSeconds, $elsewhere)
if ($elsewhere -gt 0) { throw "$elsewhere request(s) were answered 503 outside release 4's window: only its incompatible migration should open one." }
Write-Host "Released, undone, released again, a canary sent back and an incompatible migration under maintenance, with $($summary.Sent) requests through the listener: none failed; $($summary.ServerError500) were answered 500 by release 3's canary; $($summary.Maintenance503) were answered 503 by maintenance, in $($summary.MaintenanceWindows) window(s) totalling $($summary.MaintenanceWindowSeconds) s." -ForegroundColor Green
