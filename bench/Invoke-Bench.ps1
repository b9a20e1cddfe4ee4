#requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks BlueGreen against the seed's bash scripts, side by side, in one run, on one sandbox (see bench/README.md).
.DESCRIPTION
    Starts one in-process sandbox in this pwsh and times whole processes against it, as a user runs them:
    'bash <seed script>' (with Debian's /usr/bin/aws) against 'pwsh -NoProfile -File' of BlueGreen's cmdlets. Both
    tools drive the same fake docker-machine / docker (tests/fakes) with the same injected launch delay. Writes
    benchmarks.md, benchmarks.json and benchmarks-deployment.png (drawn by bench/Plot with ScottPlot) to
    -OutputDirectory.
#>
[CmdletBinding()]
param(
    # The built module (build.ps1 Build: <OutputRoot>/BlueGreen).
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputDirectory = (Join-Path (Split-Path $PSScriptRoot) 'docs'),
    [string] $WorkDirectory = (Join-Path ([IO.Path]::GetTempPath()) ('bgbench-' + [guid]::NewGuid().ToString('n').Substring(0, 8))),
    # Runs per case (median, min and max are reported).
    [ValidateRange(1, 50)] [int] $Runs = 3,
    # Runs of the seed's deployment of the largest N (it takes N times the launch delay; one run is often enough).
    [ValidateRange(1, 50)] [int] $LargeRuns = 1,
    # Lists may be given as '1,3,10' (from bash or 'pwsh -File').
    [string[]] $Listeners = @(1, 3, 10),
    [string[]] $Machines = @(1, 2, 4, 8, 16, 64),
    # The launch delay each fake docker-machine create waits (the instance's boot and provisioning).
    [double] $LaunchDelay = 1,
    [ValidateRange(2, 50)] [int] $ImportRuns = 5,
    # How PowerShell is started for figure 4: 'pwsh.dll' (dotnet <PSHOME>/pwsh.dll, what the pwsh launcher runs) and
    # 'dotnet pwsh' (the repository's local tool, resolved by the dotnet CLI from dotnet-tools.json).
    [string[]] $Launcher = @('pwsh.dll', 'dotnet pwsh'),
    # Which figures to measure (all by default).
    # Switch, Deploy, Maintenance, Import, Requests.
    [string[]] $Figure = @('Import', 'Switch', 'Deploy', 'Maintenance', 'Requests', 'Fleet'),
    # Requests figure: machines per color, and how long the steady load runs before the deployment starts.
    [ValidateRange(1, 8)] [int] $RequestMachines = 2,
    # Switch figure: the sandbox's latency per AWS call (ms) under which the switch of 2 listeners + 2 rules is timed,
    # seed and BlueGreen (whole process and warm session); empty: not measured.
    [string[]] $Latency = @(0, 50, 150),
    [switch] $KeepWorkDirectory
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ListenerCounts = [int[]] @($Listeners -split ',' | ForEach-Object Trim | Where-Object { $_ })
$MachineCounts = [int[]] @($Machines -split ',' | ForEach-Object Trim | Where-Object { $_ })
$LatencyMs = [int[]] @($Latency -split ',' | ForEach-Object Trim | Where-Object { $_ -ne '' })
$Figure = @($Figure -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Figure) {
    if ($name -notin 'Switch', 'Deploy', 'Maintenance', 'Import', 'Requests', 'Fleet') { throw "Unknown figure '$name': Switch, Deploy, Maintenance, Import, Requests, Fleet." }
}
$benchClock = [Diagnostics.Stopwatch]::StartNew()
$RepoRoot = Split-Path $PSScriptRoot
$ModulePath = [IO.Path]::GetFullPath($ModulePath)
$OutputDirectory = [IO.Path]::GetFullPath($OutputDirectory)
$Fakes = Join-Path $RepoRoot 'tests/fakes'
$DotnetHost = [Environment]::ProcessPath
if ([IO.Path]::GetFileNameWithoutExtension($DotnetHost) -ne 'dotnet') { $DotnetHost = (Get-Command dotnet).Source }
$PwshDll = Join-Path $PSHOME 'pwsh.dll'
$BenchStep = Join-Path $PSScriptRoot 'bluegreen/Invoke-BenchStep.ps1'

foreach ($tool in '/usr/bin/aws', '/usr/bin/python3', '/usr/bin/openssl', '/bin/bash') {
    if (-not (Test-Path $tool)) { throw "The benchmark needs $tool (Debian: apt-get install awscli python3 openssl)." }
}

Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'BenchWorld.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchReport.psm1') -Force
New-Item -ItemType Directory -Force -Path $WorkDirectory, $OutputDirectory | Out-Null

# ---- Environment: never real AWS ------------------------------------------------------------------------------------
$env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-bench-config'
$env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-bench-credentials'
$env:AWS_ACCESS_KEY_ID = 'test'
$env:AWS_SECRET_ACCESS_KEY = 'test'
Remove-Item Env:AWS_SESSION_TOKEN, Env:AWS_PROFILE -ErrorAction SilentlyContinue
$env:AWS_REGION = 'us-east-1'
$env:AWS_DEFAULT_REGION = 'us-east-1'
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_PAGER = ''
$env:BENCH_FAKES = $Fakes

$sandbox = Start-BgSandbox -Scenario Empty -NoDataPlane -TargetRegistrationTime ([TimeSpan]::FromSeconds(0.5)) -DeregistrationDelay ([TimeSpan]::Zero) -InstanceBootTime ([TimeSpan]::Zero)
function Set-SandboxEnvironment($Sandbox) {
    $endpoint = "$($Sandbox.Endpoint)"
    foreach ($name in 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ENDPOINT_URL_SSM') {
        Set-Item "Env:$name" $endpoint
    }
    $env:BLUEGREEN_FAKE_EC2_ENDPOINT = $endpoint
    $env:BENCH_AWS_ENDPOINT = $endpoint
    Set-BenchSandbox $Sandbox
}
Set-SandboxEnvironment $sandbox

$results = [ordered]@{
    startedAt   = [DateTimeOffset]::UtcNow.ToString('u')
    machine     = [ordered]@{
        cores       = [Environment]::ProcessorCount
        loadBefore  = (Get-Content /proc/loadavg -Raw).Trim()
        os          = (Get-Content /etc/debian_version -ErrorAction SilentlyContinue) -as [string]
        pwsh        = "$($PSVersionTable.PSVersion)"
        dotnet      = [Environment]::Version.ToString()
        aws         = ((& /usr/bin/aws --version 2>&1) -join ' ').Trim()
    }
    parameters  = [ordered]@{ runs = $Runs; largeRuns = $LargeRuns; listeners = $ListenerCounts; machines = $MachineCounts; launchDelay = $LaunchDelay; importRuns = $ImportRuns; latencyMs = $LatencyMs }
    timedPwsh   = "$DotnetHost $PwshDll -NoProfile -NonInteractive -File <script>"
    switch      = @()
    switchLatency = @()
    deploy      = @()
    maintenance = @()
    import      = @()
    requests    = @()
    notes       = @()
}

# ---- Running and timing one whole process ---------------------------------------------------------------------------
function Get-ChildCpuMs {
    # User + system CPU of this process's ended children and everything they waited for (/proc/self/stat cutime,
    # cstime, in clock ticks of 10 ms).
    $fields = (Get-Content /proc/self/stat -Raw).Split(') ')[1].Split(' ')
    ([long] $fields[13] + [long] $fields[14]) * 10
}

function Invoke-Timed {
    # Runs one process to its end; returns wall time (ms from just before Start to its exit), exit code and output.
    param([string] $FilePath, [string[]] $ArgumentList, [string] $WorkingDirectory, [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 600)
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string] $Environment[$key] }
    $cpuBefore = Get-ChildCpuMs
    $startedMs = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "$FilePath $($ArgumentList -join ' ') did not end within $TimeoutSeconds s."
    }
    $process.WaitForExit()
    $clock.Stop()
    [pscustomobject]@{
        Ms        = $clock.Elapsed.TotalMilliseconds
        # CPU of the whole process tree (the process and every child it waited for: aws, the python fakes, ...).
        CpuMs     = (Get-ChildCpuMs) - $cpuBefore
        StartedMs = $startedMs
        ExitCode  = $process.ExitCode
        Stdout    = $stdout.GetAwaiter().GetResult()
        Stderr    = $stderr.GetAwaiter().GetResult()
    }
}

function Assert-Ran($Run, [string] $What) {
    if ($Run.ExitCode -ne 0) { throw "$What failed with exit code $($Run.ExitCode).`n$($Run.Stdout)`n$($Run.Stderr)" }
}

function Invoke-BlueGreenStep {
    # 'pwsh -NoProfile -File Invoke-BenchStep.ps1' and its breakdown: process start, import, cmdlet, exit; AWS calls.
    param([string] $Operation, [string] $ConfigPath, [string] $WorkingDirectory, [string[]] $Extra = @(), [hashtable] $Environment = @{}, [string[]] $Launcher)
    if (-not $Launcher) { $Launcher = @($DotnetHost, $PwshDll) }
    $sandbox.ClearRequests()
    $arguments = @($Launcher | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $BenchStep, '-Operation', $Operation, '-ModulePath', $ModulePath, '-ConfigPath', $ConfigPath) + $Extra
    $run = Invoke-Timed -FilePath $Launcher[0] -ArgumentList $arguments -WorkingDirectory $WorkingDirectory -Environment $Environment
    Assert-Ran $run "BlueGreen $Operation"
    $line = @($run.Stdout -split "`n" | Where-Object { $_ -like 'BENCH:*' })[-1]
    $data = $line.Substring(6) | ConvertFrom-Json -AsHashtable
    $requests = @($sandbox.Requests)
    [pscustomobject]@{
        Ms          = $run.Ms
        CpuMs       = $run.CpuMs
        FakeCalls   = @(Get-FakeCall '.').Count
        ProcessMs   = $data.began - $run.StartedMs
        ImportMs    = $data.imported - $data.began
        CmdletMs    = $data.done - $data.imported
        ExitMs      = $run.Ms - ($data.done - $run.StartedMs)
        AwsCalls    = $requests.Count
        AwsSpanMs   = if ($requests.Count -gt 1) { ($requests[-1].Time - $requests[0].Time).TotalMilliseconds } else { 0 }
        Data        = $data
        StartedMs   = $run.StartedMs
    }
}

function Invoke-Seed {
    # 'bash <script>' in the seed's project folder, with the seed's PATH: the wrappers of the fakes and of Debian's aws
    # (bench/seed-bin/aws adds --endpoint-url: the CLI 2.9 does not read AWS_ENDPOINT_URL).
    param([string] $Script, [string] $ProjectDirectory, [hashtable] $Environment = @{})
    $sandbox.ClearRequests()
    $env2 = @{ PATH = "$(Join-Path $PSScriptRoot 'seed-bin'):/usr/bin:/bin"; BENCH_LOAD_BALANCER_ARN = $script:LoadBalancerArn }
    foreach ($key in $Environment.Keys) { $env2[$key] = $Environment[$key] }
    $run = Invoke-Timed -FilePath /bin/bash -ArgumentList @($Script) -WorkingDirectory $ProjectDirectory -Environment $env2
    Assert-Ran $run "seed $Script"
    $run | Add-Member AwsCalls @($sandbox.Requests).Count
    $run | Add-Member FakeCalls @(Get-FakeCall '.').Count -PassThru
}

# ---- The seed's scripts, changed only as far as they need to run (each change listed in bench/README.md) ------------
function New-SeedProject([string] $Directory) {
    New-Item -ItemType Directory -Force -Path $Directory | Out-Null
    $vendored = Join-Path $PSScriptRoot 'seed'
    foreach ($file in Get-ChildItem $vendored -Filter *.sh) {
        $text = Get-Content $file.FullName -Raw
        if ($file.Name -eq 'aws-script-config.sh') {
            # 1. The configuration block the script asks its user to fill in.
            $text = $text.Replace("LOAD_BALANCER_ARN=`n", "LOAD_BALANCER_ARN=`$BENCH_LOAD_BALANCER_ARN`n").Replace('LABEL=project=yourproject', 'LABEL=project=bench').Replace('MACHINE_PREFIX=yourproject-prod-', 'MACHINE_PREFIX=b-')
        }
        # 2. 'docker-compose exec' allocates a TTY, which a script run without a terminal has not got: -T.
        $text = $text.Replace('docker-compose -f production.yml exec django', 'docker-compose -f production.yml exec -T django')
        # 3. A '#"' glued to a line's closing parenthesis (left for an editor's syntax colouring) is not a comment
        #    but an opening quote: bash cannot parse add-machine, aws-script-config and deploy-blue-green. Dropped.
        $text = [regex]::Replace($text, '\)#"(?=
?
|$)', ')')
        # 4. django-maintenance-mode's command is 'maintenance_mode', not 'setmaintenance'.
        $text = $text.Replace('manage.py setmaintenance', 'manage.py maintenance_mode')
        Set-Content -Path (Join-Path $Directory $file.Name) -Value $text -NoNewline
    }
    Copy-Item (Join-Path $PSScriptRoot 'seed-switch.sh') $Directory
    Set-ComposeFile $Directory 'production.yml'
}

function Set-ComposeFile([string] $Directory, [string] $Name) {
    "services:`n  django:`n    build: .`n    command: /start`n  postgres:`n    image: postgres:16`n" | Set-Content -Path (Join-Path $Directory $Name) -NoNewline
}

function New-BlueGreenProject {
    param([string] $Directory, [string] $MaintenanceMode = 'Django', [int] $MaxParallelLaunches = 64)
    New-Item -ItemType Directory -Force -Path $Directory | Out-Null
    Set-ComposeFile $Directory 'production.yml'
    @"
@{
    Project      = 'bench'
    LoadBalancer = 'bench'
    TargetGroups = @('bench-blue', 'bench-green')
    HealthTimeoutSeconds = 120
    Machines     = @{
        # A short prefix: BlueGreen's journal keeps the names of 64 new and 64 old machines in one 4 KB Parameter
        # Store value, and with 'bench-' a deployment of 64 is refused (TooManyMachines).
        Prefix              = 'b-'
        Provider            = 'DockerMachine'
        MaxParallelLaunches = $MaxParallelLaunches
        DockerMachine       = @{ Executable = '$(Join-Path $Fakes 'docker-machine')'; Driver = 'amazonec2' }
    }
    Compose      = @{ DockerExecutable = '$(Join-Path $Fakes 'docker')'; File = 'production.yml'; Service = 'django'; ProjectDirectory = '.' }
    Manage       = @{ Command = @('python', '/app/manage.py'); Mode = 'Exec' }
    Maintenance  = @{ Mode = '$MaintenanceMode' }
    Deployment   = @{ CheckIntervalSeconds = 1; BakeTimeSeconds = 0 }
}
"@ | Set-Content -Path (Join-Path $Directory 'bluegreen.psd1')
    Join-Path $Directory 'bluegreen.psd1'
}

function Reset-Fakes([string] $Directory) {
    if (Test-Path $Directory) { Remove-Item $Directory -Recurse -Force }
    New-Item -ItemType Directory -Path $Directory | Out-Null
    $env:BLUEGREEN_FAKE_DIR = $Directory
    Get-ChildItem Env:BLUEGREEN_FAKE_* | Where-Object Name -NotIn 'BLUEGREEN_FAKE_DIR', 'BLUEGREEN_FAKE_EC2_ENDPOINT' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
}

function New-OldMachine([int] $Count) {
    # The live release: $Count running machines (label project=bench, prefix b-), made by the fake docker-machine
    # at once (no delay; not timed) and registered in bench-blue.
    $processes = foreach ($i in 1..$Count) {
        $name = 'b-' + [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(4)).ToLowerInvariant()
        Start-Process -FilePath (Join-Path $Fakes 'docker-machine') -ArgumentList 'create', '-d', 'amazonec2', '--engine-label', 'project=bench', $name -PassThru -RedirectStandardOutput (Join-Path $env:BLUEGREEN_FAKE_DIR "old-$i.out") -RedirectStandardError (Join-Path $env:BLUEGREEN_FAKE_DIR "old-$i.err")
    }
    $processes | Wait-Process
    foreach ($p in $processes) { if ($p.ExitCode -ne 0) { throw "The fake docker-machine could not make an old machine (exit $($p.ExitCode))." } }
    $ids = Get-ChildItem (Join-Path $env:BLUEGREEN_FAKE_DIR 'machines') -Filter *.json | ForEach-Object { (Get-Content $_.FullName -Raw | ConvertFrom-Json).Driver.InstanceId }
    Register-BenchTarget $script:World.Blue @($ids)
    Remove-Item (Join-Path $env:BLUEGREEN_FAKE_DIR 'calls.jsonl') -ErrorAction SilentlyContinue
}

function New-World([int] $ForwardingListeners = 1, [switch] $PreviewRule) {
    $sandbox.Reset()
    $script:World = New-BenchWorld -ForwardingListeners $ForwardingListeners -PreviewRule:$PreviewRule
    $script:LoadBalancerArn = $script:World.LoadBalancerArn
    $script:World
}

function Save-Result {
    # After each figure: a run cut off later still leaves what it measured.
    $results | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $OutputDirectory 'benchmarks.json')
}

function Get-FakeCall([string] $Pattern) {
    $log = Join-Path $env:BLUEGREEN_FAKE_DIR 'calls.jsonl'
    if (-not (Test-Path $log)) { return @() }
    @(Get-Content $log | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object { ($_.argv -join ' ') -match $Pattern })
}

# ---- The switch under the sandbox's per-call latency (issue 22) -----------------------------------------------------
function Set-BenchLatency([int] $Ms) {
    # Every AWS call of the sandbox answered $Ms later (AwsSandbox.AddLatency('*', ...)); 0: none.
    $sandbox.ClearFaults()
    if ($Ms -gt 0) { $sandbox.AddLatency('*', [TimeSpan]::FromMilliseconds($Ms)) | Out-Null }
}

function Get-RoundTrip([object[]] $Requests, [int] $LatencyMs) {
    # Round trips on the critical path, from the sandbox's request log: the longest chain of calls each of which was
    # received after the one before it was answered. Calls in flight at the same time never chain: they count once.
    # (A sandbox older than SandboxRequest.Received: received = answered - latency.)
    $calls = @($Requests | Sort-Object Time | ForEach-Object {
            $received = if ($_.PSObject.Properties['Received']) { $_.Received } else { $_.Time.AddMilliseconds(-$LatencyMs) }
            [pscustomobject]@{ Received = $received; Time = $_.Time }
        })
    if ($calls.Count -eq 0) { return 0 }
    $longest = [int[]]::new($calls.Count)
    for ($i = 0; $i -lt $calls.Count; $i++) {
        $longest[$i] = 1
        for ($j = 0; $j -lt $i; $j++) {
            if ($calls[$j].Time -le $calls[$i].Received -and $longest[$j] + 1 -gt $longest[$i]) { $longest[$i] = $longest[$j] + 1 }
        }
    }
    ($longest | Measure-Object -Maximum).Maximum
}

function Get-MixedWindowMs([object[]] $Requests) {
    # From the first route modified to the last (each made when its answer leaves the sandbox): the time during which
    # some routes send users to the old release and some to the new.
    $made = @($Requests | Where-Object { $_.Action -in 'ModifyListener', 'ModifyRule' -and $_.HttpStatus -eq 200 } | Sort-Object Time)
    if ($made.Count -lt 2) { return 0 }
    [Math]::Round(($made[-1].Time - $made[0].Time).TotalMilliseconds, 1)
}

function Get-SwitchCalls([double] $Ms, [object[]] $Requests, [int] $LatencyMs) {
    [pscustomobject]@{ Ms = $Ms; AwsCalls = $Requests.Count; RoundTrips = (Get-RoundTrip $Requests $LatencyMs); MixedMs = (Get-MixedWindowMs $Requests) }
}

function New-LatencyWorld([switch] $PreviewRule) {
    # 2 forwarding listeners + 1 redirect; the path rule /api/* on the second listener; -PreviewRule: BlueGreen's
    # preview rule on the first. For BlueGreen 2 listeners + 2 rules move; the seed moves the listeners only.
    $world = New-World -ForwardingListeners 2 -PreviewRule:$PreviewRule
    Add-BenchPathRule $world.Listeners[1] $world.Blue
    Register-BenchTarget $world.Blue (New-BenchInstance); Register-BenchTarget $world.Green (New-BenchInstance)
    $world
}

function ConvertTo-SwitchCallStat([object[]] $Runs) {
    [ordered]@{
        total      = Get-Stat $Runs.Ms
        awsCalls   = $Runs[-1].AwsCalls
        roundTrips = Get-Stat $Runs.RoundTrips
        mixedMs    = Get-Stat $Runs.MixedMs
    }
}

function Measure-SwitchLatency {
    # The switch of 2 listeners + 2 rules under each latency: the seed's switch and BlueGreen's as whole processes, and
    # BlueGreen's Switch-BgTargetGroup -Force in this (warm) session; AWS calls, round trips, mixed window.
    param([int[]] $LatencyMs, [int] $RunCount)
    $config = New-BlueGreenProject (Join-Path $WorkDirectory 'bg-switch-latency')
    Push-Location (Split-Path $config)
    try {
        # Warms this session (JIT, the first clients) without latency.
        $null = New-LatencyWorld -PreviewRule
        $null = Switch-BgTargetGroup -ConfigPath $config -Force -Confirm:$false
        foreach ($ms in $LatencyMs) {
            Write-Host "== Switch, 2 forwarding listeners + 2 rules, $ms ms per AWS call"
            $seed = @(); $whole = @(); $warm = @(); $cmdlet = @()
            for ($run = 1; $run -le $RunCount; $run++) {
                Reset-Fakes $fakeDir
                $world = New-LatencyWorld
                Set-BenchLatency $ms
                $s = Invoke-Seed -Script seed-switch.sh -ProjectDirectory $seedProject
                $seed += Get-SwitchCalls $s.Ms @($sandbox.Requests) $ms
                Set-BenchLatency 0

                $world = New-LatencyWorld -PreviewRule
                Start-Sleep -Milliseconds 600   # the simulated health timeline: the idle target is healthy
                Set-BenchLatency $ms
                $b = Invoke-BlueGreenStep -Operation Switch -ConfigPath $config -WorkingDirectory (Split-Path $config)
                $whole += Get-SwitchCalls $b.Ms @($sandbox.Requests) $ms
                $cmdlet += $b.CmdletMs

                # Back again in this session: the warm switch.
                $sandbox.ClearRequests()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $null = Switch-BgTargetGroup -ConfigPath $config -Force -Confirm:$false
                $clock.Stop()
                $warm += Get-SwitchCalls $clock.Elapsed.TotalMilliseconds @($sandbox.Requests) $ms
                Set-BenchLatency 0
                $after = @(Get-BenchListenerAction $world.LoadBalancerArn)
                if (@($after | Where-Object { $_.Port -ne 8080 -and $_.TargetGroup -ne $world.Blue }).Count -ne 0) { throw "The warm switch at $ms ms did not bring every listener back to blue." }
            }
            $results.switchLatency += [ordered]@{
                latencyMs = $ms
                listeners = 2
                rules     = 2
                seed      = ConvertTo-SwitchCallStat $seed
                bluegreen = ConvertTo-SwitchCallStat $whole
                bluegreenCmdlet = Get-Stat $cmdlet
                warm      = ConvertTo-SwitchCallStat $warm
            }
        }
    }
    finally {
        Set-BenchLatency 0
        Pop-Location
    }
}

$seedProject = Join-Path $WorkDirectory 'seed'
New-SeedProject $seedProject
$fakeDir = Join-Path $WorkDirectory 'fakes'

# ---- Figure 4: Import-Module plus the first cmdlet call (first, so that the first run is the bench's coldest) --------
if ('Import' -in $Figure) {
    Write-Host '== Import-Module plus the first call'
    Reset-Fakes $fakeDir
    $world = New-World -ForwardingListeners 1 -PreviewRule
    $config = New-BlueGreenProject (Join-Path $WorkDirectory 'bg-import')
    $launchers = [ordered]@{
        'pwsh.dll'    = @($DotnetHost, $PwshDll)
        'dotnet pwsh' = @($DotnetHost, 'pwsh')
    }
    $Launcher = @($Launcher -split ',' | ForEach-Object Trim | Where-Object { $_ })
    foreach ($entry in @($launchers.GetEnumerator() | Where-Object Key -In $Launcher)) {
        # 'dotnet pwsh' resolves the local tool from the repository's dotnet-tools.json: run it from there.
        $cwd = if ($entry.Key -eq 'dotnet pwsh') { $RepoRoot } else { Split-Path $config }
        $bare = foreach ($i in 1..$ImportRuns) { (Invoke-Timed -FilePath $entry.Value[0] -ArgumentList (@($entry.Value | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', 'exit')) -WorkingDirectory $cwd).Ms }
        $measured = foreach ($i in 1..$ImportRuns) { Invoke-BlueGreenStep -Operation Import -ConfigPath $config -WorkingDirectory $cwd -Launcher $entry.Value }
        $results.import += [ordered]@{
            launcher = $entry.Key
            command  = (($entry.Value + @('-NoProfile', '-NonInteractive', '-File', 'Invoke-BenchStep.ps1', '-Operation', 'Import')) -join ' ')
            bare     = Get-Stat $bare
            cold     = ConvertTo-StepResult @($measured[0])
            warm     = ConvertTo-StepResult @($measured | Select-Object -Skip 1)
        }
    }
}

Save-Result
# ---- Figure 1: the switch ------------------------------------------------------------------------------------------
if ('Switch' -in $Figure) {
    foreach ($count in $ListenerCounts) {
        Write-Host "== Switch, $count forwarding listener(s) + 1 redirect"
        $seed = @(); $bg = @(); $correct = [ordered]@{}
        for ($run = 1; $run -le $Runs; $run++) {
            Reset-Fakes $fakeDir
            $world = New-World -ForwardingListeners $count
            Register-BenchTarget $world.Blue (New-BenchInstance); Register-BenchTarget $world.Green (New-BenchInstance)
            $seed += Invoke-Seed -Script seed-switch.sh -ProjectDirectory $seedProject
            $after = @(Get-BenchListenerAction $world.LoadBalancerArn)
            $correct.seedRedirectKept = ($after | Where-Object Port -EQ 8080).Type -eq 'redirect'
            $correct.seedForwardsToGreen = @($after | Where-Object { $_.Port -ne 8080 -and $_.TargetGroup -ne $world.Green }).Count -eq 0

            $world = New-World -ForwardingListeners $count -PreviewRule
            Register-BenchTarget $world.Blue (New-BenchInstance); Register-BenchTarget $world.Green (New-BenchInstance)
            Start-Sleep -Milliseconds 600   # the simulated health timeline: the idle target is healthy
            $config = New-BlueGreenProject (Join-Path $WorkDirectory 'bg-switch')
            $bg += Invoke-BlueGreenStep -Operation Switch -ConfigPath $config -WorkingDirectory (Split-Path $config)
            $after = @(Get-BenchListenerAction $world.LoadBalancerArn)
            $correct.bluegreenRedirectKept = ($after | Where-Object Port -EQ 8080).Type -eq 'redirect'
            $correct.bluegreenForwardsToGreen = @($after | Where-Object { $_.Port -ne 8080 -and $_.TargetGroup -ne $world.Green }).Count -eq 0
        }
        $results.switch += [ordered]@{
            listeners = $count
            seed      = Get-Stat $seed.Ms
            seedAwsCalls = $seed[-1].AwsCalls
            seedCpu   = Get-Stat $seed.CpuMs
            bluegreen = ConvertTo-StepResult $bg
            bluegreenCpu = Get-Stat $bg.CpuMs
            correct   = $correct
        }
    }
    if ($LatencyMs.Count -gt 0) { Measure-SwitchLatency -LatencyMs $LatencyMs -RunCount $Runs }
}

Save-Result
# ---- Figure 2: deployment wall time against N -----------------------------------------------------------------------
if ('Deploy' -in $Figure) {
    $deployConfig = New-BlueGreenProject (Join-Path $WorkDirectory 'bg-deploy')
    $largest = ($MachineCounts | Measure-Object -Maximum).Maximum
    foreach ($n in $MachineCounts) {
        Write-Host "== Deployment of $n machine(s), launch delay $LaunchDelay s"
        $seed = @(); $bg = @()
        $seedRuns = if ($n -eq $largest -and $MachineCounts.Count -gt 1) { [Math]::Min($LargeRuns, $Runs) } else { $Runs }
        for ($run = 1; $run -le $Runs; $run++) {
            $quiet = @{ BLUEGREEN_FAKE_CREATE_DELAY = "$LaunchDelay"; BLUEGREEN_FAKE_EXEC_STDOUT = 'Planned operations:\n  No planned migration operations.' }
            if ($run -le $seedRuns) {
                Reset-Fakes $fakeDir
                $world = New-World -ForwardingListeners 1
                New-OldMachine $n
                $seed += Invoke-Seed -Script deploy-blue-green.sh -ProjectDirectory $seedProject -Environment $quiet
                if (@(Get-BenchTargetId $world.Green).Count -ne $n) { throw "The seed's deployment of $n left $(@(Get-BenchTargetId $world.Green).Count) targets in the idle group." }
            }
            Reset-Fakes $fakeDir
            $world = New-World -ForwardingListeners 1 -PreviewRule
            New-OldMachine $n
            $result = Invoke-BlueGreenStep -Operation Deploy -ConfigPath $deployConfig -WorkingDirectory (Split-Path $deployConfig) -Environment $quiet
            if ($result.Data.status -ne 'Succeeded') { throw "BlueGreen's deployment of $n ended $($result.Data.status)." }
            $bg += $result
        }
        $results.deploy += [ordered]@{
            machines  = $n
            seed      = Get-Stat $seed.Ms
            seedAwsCalls = $seed[-1].AwsCalls
            seedCpu   = Get-Stat $seed.CpuMs
            seedFakeCalls = $seed[-1].FakeCalls
            bluegreen = ConvertTo-StepResult $bg
            bluegreenCpu = Get-Stat $bg.CpuMs
            bluegreenFakeCalls = $bg[-1].FakeCalls
            steps     = Get-StepStat $bg
        }
    }
}

Save-Result
# ---- Figure 3: the maintenance window minus the migration's own time ------------------------------------------------
if ('Maintenance' -in $Figure) {
    $django = Join-Path $RepoRoot 'tests/django'
    $env:DJANGO_SETTINGS_MODULE = 'project.settings_maintenance'
    $env:BLUEGREEN_TEST_MAINTENANCE_FILE = Join-Path $WorkDirectory 'maintenance_mode_state.txt'
    $templates = @{}
    foreach ($release in 'release1', 'release2') {
        $templates[$release] = Join-Path $WorkDirectory "$release.sqlite3"
        $env:BLUEGREEN_TEST_DATABASE = $templates[$release]
        & /usr/bin/python3 (Join-Path $django "$release/manage.py") migrate --noinput *> $null
        if ($LASTEXITCODE -ne 0) { throw "Could not migrate the $release database template (python3-django, python3-django-maintenance-mode)." }
    }
    $maintenanceConfig = New-BlueGreenProject (Join-Path $WorkDirectory 'bg-maintenance') -MaintenanceMode LoadBalancer
    foreach ($case in @(@{ name = 'migrations'; db = 'release1' }, @{ name = 'nothing to migrate'; db = 'release2' })) {
        Write-Host "== Maintenance window, $($case.name)"
        $seed = @(); $bg = @()
        for ($run = 1; $run -le $Runs; $run++) {
            $database = Join-Path $WorkDirectory 'db.sqlite3'
            $environment = @{ BLUEGREEN_FAKE_RELEASES = (@{ '*' = (Join-Path $django 'release2') } | ConvertTo-Json -Compress); BLUEGREEN_TEST_DATABASE = $database }
            # The seed
            Reset-Fakes $fakeDir
            Copy-Item $templates[$case.db] $database -Force
            $world = New-World -ForwardingListeners 1
            New-OldMachine 1
            $null = Invoke-Seed -Script deploy-blue-green.sh -ProjectDirectory $seedProject -Environment $environment
            $on = Get-FakeCall 'maintenance_mode on' | Select-Object -First 1
            $off = Get-FakeCall 'maintenance_mode off' | Select-Object -Last 1
            $migrate = Get-FakeCall 'manage\.py migrate$' | Select-Object -First 1
            $window = ($off.ended - $on.started) * 1000
            $seed += [pscustomobject]@{ WindowMs = $window; MigrationMs = ($migrate.ended - $migrate.started) * 1000; Ms = $window - ($migrate.ended - $migrate.started) * 1000 }
            # BlueGreen
            Reset-Fakes $fakeDir
            Copy-Item $templates[$case.db] $database -Force
            $world = New-World -ForwardingListeners 1 -PreviewRule
            New-OldMachine 1
            $r = Invoke-BlueGreenStep -Operation Deploy -ConfigPath $maintenanceConfig -WorkingDirectory (Split-Path $maintenanceConfig) -Environment $environment
            if ($r.Data.status -ne 'Succeeded') { throw "BlueGreen's deployment (maintenance, $($case.name)) ended $($r.Data.status)." }
            # The migration's own time: its process (the fake's log), as for the seed, not the whole Migrate step.
            $migrate = Get-FakeCall 'manage\.py migrate --noinput$' | Select-Object -First 1
            $migrationMs = if ($migrate) { ($migrate.ended - $migrate.started) * 1000 } else { 0 }
            $window = if ($r.Data.maintenanceStarted) { $r.Data.maintenanceEnded - $r.Data.maintenanceStarted } else { 0 }
            $bg += [pscustomobject]@{ WindowMs = $window; MigrationMs = $migrationMs; Ms = $window - $migrationMs }
        }
        $results.maintenance += [ordered]@{
            case      = $case.name
            seed      = Get-Stat $seed.Ms
            seedWindow = Get-Stat $seed.WindowMs
            seedMigration = Get-Stat $seed.MigrationMs
            bluegreen = Get-Stat $bg.Ms
            bluegreenWindow = Get-Stat $bg.WindowMs
            bluegreenMigration = Get-Stat $bg.MigrationMs
        }
    }
    Remove-Item Env:DJANGO_SETTINGS_MODULE, Env:BLUEGREEN_TEST_MAINTENANCE_FILE, Env:BLUEGREEN_TEST_DATABASE -ErrorAction SilentlyContinue
}

Save-Result
$sandbox | Stop-BgSandbox

# ---- Figure 5: requests lost through the listener under steady load -------------------------------------------------
if ('Requests' -in $Figure) {
    Write-Host '== Requests through the listener during a deployment (Local provider)'
    try {
        $results.requests = @(& (Join-Path $PSScriptRoot 'Measure-Requests.ps1') -ModulePath $ModulePath -WorkDirectory (Join-Path $WorkDirectory 'requests') -Machines $RequestMachines -SeedProject $seedProject)
    }
    catch {
        $results.notes += "Figure 5 could not be measured: $($_.Exception.Message)"
        Write-Warning "Figure 5 could not be measured: $($_.Exception.Message)"
    }
}

# ---- Figure 6: a fleet's deployment at 50 ms per AWS call: round trips on the critical path, N = 1, 64, 256 ----------
# The release engine on the in-memory AWS of the unit tests (FleetDeploymentTests), each call answered 50 ms later;
# round trips are the longest chain of calls each sent after the one before was answered.
if ('Fleet' -in $Figure) {
    Write-Host '== Fleet deployment, N = 1, 64, 256 at 50 ms per AWS call (tests/Unit FleetDeploymentTests)'
    $env:BLUEGREEN_FLEET_BENCH = '1'
    try {
        $lines = @(& $DotnetHost test (Join-Path $RepoRoot 'tests/Unit/BlueGreen.Tests.Unit.csproj') --filter 'FullyQualifiedName~FleetDeploymentTests' --logger 'console;verbosity=detailed' --nologo 2>&1)
        if ($LASTEXITCODE -ne 0) { throw "dotnet test failed ($LASTEXITCODE): $(($lines | Select-Object -Last 5) -join ' ')" }
        $results.fleet = @(foreach ($text in $lines) {
                if ("$text" -match 'N = (\d+), (batch|per-machine) RunInstances: (\d+) calls, (\d+) round trips, ([\d.]+) s at 50 ms') {
                    [ordered]@{ machines = [int] $Matches[1]; launch = $Matches[2]; calls = [int] $Matches[3]; roundTrips = [int] $Matches[4]; seconds = [double] $Matches[5] }
                }
            })
    }
    catch {
        $results.notes += "Figure 6 could not be measured: $($_.Exception.Message)"
        Write-Warning "Figure 6 could not be measured: $($_.Exception.Message)"
    }
    finally { Remove-Item env:BLUEGREEN_FLEET_BENCH -ErrorAction Ignore }
}

# ---- Report ---------------------------------------------------------------------------------------------------------
$results.machine.loadAfter = (Get-Content /proc/loadavg -Raw).Trim()
$results.durationSeconds = [Math]::Round($benchClock.Elapsed.TotalSeconds, 1)
$json = Join-Path $OutputDirectory 'benchmarks.json'
$results | ConvertTo-Json -Depth 10 | Set-Content $json
$png = Join-Path $OutputDirectory 'benchmarks-deployment.png'
$plot = Join-Path $PSScriptRoot 'Plot/BenchPlot.csproj'
$plotOut = Join-Path $WorkDirectory 'plot'
& $DotnetHost build $plot -c Release --nologo -v quiet -o $plotOut --artifacts-path (Join-Path $WorkDirectory 'plot-artifacts') | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Building bench/Plot failed ($LASTEXITCODE)." }
& $DotnetHost (Join-Path $plotOut 'BenchPlot.dll') $json $png
if ($LASTEXITCODE -ne 0) { throw "bench/Plot failed ($LASTEXITCODE)." }
# Written from the saved JSON, so that the report can always be written again from benchmarks.json alone.
Write-BenchReport -Results (Get-Content $json -Raw | ConvertFrom-Json -AsHashtable) -Path (Join-Path $OutputDirectory 'benchmarks.md') -PlotFile (Split-Path $png -Leaf)
Write-Host "Wrote $(Join-Path $OutputDirectory 'benchmarks.md') in $([Math]::Round($benchClock.Elapsed.TotalSeconds)) s."
if (-not $KeepWorkDirectory) { Remove-Item $WorkDirectory -Recurse -Force -ErrorAction SilentlyContinue }
