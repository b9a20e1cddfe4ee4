#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates BlueGreen.
.DESCRIPTION
    Named tasks; every failed step throws (no dotnet exit code is swallowed).
      Build       dotnet publish + lay out an importable module at <OutputRoot>/BlueGreen (manifest + assemblies,
                  dependencies isolated under deps/, the sandbox's data plane process under dataplane/, format
                  views, help).
      UnitTest    xunit (tests/Unit); a test running longer than 120 s is stopped and named (--blame-hang).
      StressTest  Many short processes through the CliWrap build the module ships (tests/Stress): none may hang.
      PesterTest  Pester against the built module, each file in its own fresh 'pwsh -NoProfile -NonInteractive' (two
                  per core at a time, up to 8: -PesterParallel) with
                  a deadline (300 s, or '# Deadline: N s' in the file): a file that hangs is stopped and the running
                  test named, with the managed stacks of the hung process.
      Test        Build, UnitTest, StressTest, PesterTest; prints 'N passed, N failed' and throws if any failed.
      Demo        Build, then the main job on the embedded default: the local sandbox.
      Bench       Build, then BlueGreen against the seed's scripts on the sandbox (bench/; BLUEGREEN_BENCH_ARGS passes
                  options): writes docs/benchmarks.md, its plot and docs/benchmarks.json.
    Test and Demo first bring the Debian packages they use (awscli, python3-django,
    python3-django-maintenance-mode, gunicorn; for the real-container tests and the demo's production path also
    docker.io, docker-compose, python3-paramiko, openssh-server, debootstrap, postgresql: tests/docker) when run as
    root on Debian; elsewhere (or with BLUEGREEN_NO_INSTALL=1) they say what to install and skip only the tests that
    need what is missing (the demo then runs its Local path, saying why).
      Clean       Removes <OutputRoot>.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 PesterTest -PesterPath tests/Pester/Switch-BgTargetGroup.Tests.ps1 -OutputRoot /tmp/bg
#>
[CmdletBinding()]
param(
    # One or more of Build, UnitTest, StressTest, PesterTest, Test, Demo, Clean ('Build,PesterTest' works from any shell).
    [Parameter(Position = 0)]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the module and the build artifacts go. Separate roots let several builds run side by side.
    [string] $OutputRoot = (Join-Path $PSScriptRoot 'out'),

    # Pester files or folders to run (default: all of tests/Pester).
    [string[]] $PesterPath = @(Join-Path $PSScriptRoot 'tests/Pester'),

    # xunit filter expression (dotnet test --filter).
    [string] $UnitFilter,

    # How many Pester files run at once, each in its own pwsh (PesterTest, and Test): two per core, up to 8. A file
    # spends much of its time waiting (health checks, drains, injected latency): on 2 cores 4 files keep about 1.4 busy.
    [ValidateRange(1, 8)]
    [int] $PesterParallel = [Math]::Min(8, [Math]::Max(2, 2 * [Environment]::ProcessorCount)),

    # How many short processes the process-exit stress test runs (StressTest, and Test).
    [ValidateRange(1, 1000000)]
    [int] $StressRuns = 10000,

    # Leave out the real-container tests (Pester tag Docker), which otherwise run in Test and PesterTest: Docker's
    # packages, dockerd, the base image and PostgreSQL are made first, in the background of the build and the xunit
    # tests (BLUEGREEN_DOCKER_TESTS=0 leaves them out too). Where no engine can start they are skipped, saying why.
    [switch] $NoDocker
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$script:WithDocker = -not $NoDocker -and $env:BLUEGREEN_DOCKER_TESTS -ne '0'

# From bash, 'Build,PesterTest' arrives as one string: split lists on commas.
$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
$PesterPath = @($PesterPath -split ',' | ForEach-Object Trim | Where-Object { $_ })
$knownTasks = 'Build', 'UnitTest', 'StressTest', 'PesterTest', 'Test', 'Demo', 'Bench', 'Clean'
foreach ($name in $Task) {
    if ($name -notin $knownTasks) { throw "Unknown task '$name'. Tasks: $($knownTasks -join ', ')." }
}

$OutputRoot = [IO.Path]::GetFullPath($OutputRoot)
$ModuleDir = Join-Path $OutputRoot 'BlueGreen'
$ArtifactsDir = Join-Path $OutputRoot 'artifacts'
$ResultsDir = Join-Path $OutputRoot 'test-results'
$script:Counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
$script:MeasuredFileSeconds = $null
$PesterFileRunner = Join-Path $PSScriptRoot 'tests/Pester/Support/Invoke-PesterFile.ps1'
# How long one Pester file may run before it is killed and named (a file can ask for more: '# Deadline: N s').
$PesterFileDeadlineSeconds = 300
# How long one xunit test may run before the test host is stopped and the test named (dotnet test --blame-hang).
$UnitTestDeadlineSeconds = 120
# This very PowerShell, to start children with. Run as 'dotnet pwsh' (the local tool) the process is dotnet and
# pwsh.dll its argument; otherwise the process is pwsh itself.
$Pwsh = @([Environment]::ProcessPath)
if ([IO.Path]::GetFileNameWithoutExtension($Pwsh[0]) -eq 'dotnet') { $Pwsh += Join-Path $PSHOME 'pwsh.dll' }

function Invoke-Native {
    # Runs a native command and throws when it fails, naming it.
    # A simple function (no [Parameter]) so '-o' and friends reach the native command untouched.
    $FilePath, $Arguments = $args
    $Arguments = @($Arguments | ForEach-Object { "$_" })
    Write-Host "> $FilePath $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

# What the tests and the demo take from Debian, how to tell each is there, and who needs it. The Test and Demo tasks
# install what is missing (Debian, as root); elsewhere they say what to install and run every part that needs nothing.
$script:Prerequisites = @(
    [pscustomobject]@{ Package = 'awscli'; Tag = 'AwsCli'; For = 'Test', 'Demo'
        Why = 'the Pester tests check the sandbox with the official AWS CLI (/usr/bin/aws), and the demo makes the seed''s load balancer with it'
        Present = { Test-Path -PathType Leaf /usr/bin/aws } }
    [pscustomobject]@{ Package = 'python3-django'; Tag = 'Django'; For = 'Test', 'Demo'
        Why = 'real Django migrations (tests/django) under Debian''s /usr/bin/python3'
        Present = { (Test-Path /usr/bin/python3) -and $(& /usr/bin/python3 -c 'import django' 2>$null; $LASTEXITCODE -eq 0) } }
    [pscustomobject]@{ Package = 'python3-django-maintenance-mode'; Tag = 'Django'; For = 'Test', 'Demo'
        Why = 'Django maintenance mode in the test projects'
        Present = { Test-Path /usr/lib/python3/dist-packages/maintenance_mode } }
    [pscustomobject]@{ Package = 'gunicorn'; Tag = 'Gunicorn'; For = 'Test', 'Demo'
        Why = 'the Local machine provider serves each release with Debian''s /usr/bin/gunicorn'
        Present = { Test-Path -PathType Leaf /usr/bin/gunicorn } }
)
$script:MissingTags = @()

function Install-Prerequisite {
    # Brings the Debian packages task -For needs. Returns nothing; records the Pester tags to exclude when a package
    # is still missing (so those tests are skipped loudly, with the reason, and everything else still runs).
    param([Parameter(Mandatory)] [string] $For)
    $needed = @($script:Prerequisites | Where-Object { $For -in $_.For })
    $missing = @($needed | Where-Object { -not (& $_.Present) })
    if (-not $missing) { return }
    $packages = @($missing.Package)
    $canInstall = $IsLinux -and (Test-Path /etc/debian_version) -and (Get-Command apt-get -ErrorAction Ignore) -and
        ((& id -u) -eq '0') -and ($env:BLUEGREEN_NO_INSTALL -ne '1')
    if ($canInstall) {
        Write-Host "Installing what $For needs from Debian: $($packages -join ', ')" -ForegroundColor Yellow
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get -o DPkg::Lock::Timeout=300 update -q
        Invoke-Native apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends @packages
        $missing = @($missing | Where-Object { -not (& $_.Present) })
        if ($missing) { throw "apt-get installed $($packages -join ', ') but $($missing.Package -join ', ') is still not usable." }
        return
    }
    $why = if ($env:BLUEGREEN_NO_INSTALL -eq '1') { 'BLUEGREEN_NO_INSTALL=1' } elseif (-not $IsLinux -or -not (Test-Path /etc/debian_version)) { 'this is not Debian' } else { 'this is not root' }
    foreach ($item in $missing) {
        Write-Warning "Missing Debian package '$($item.Package)' ($($item.Why)); not installed because $why."
    }
    Write-Warning "Install them with: sudo apt-get install --no-install-recommends $($packages -join ' ')   (the parts that need them are skipped)"
    $script:MissingTags = @($script:MissingTags + $missing.Tag | Select-Object -Unique)
}

function Get-PesterModulePath {
    $testTools = Join-Path $PSScriptRoot 'tests/tools/BlueGreen.TestTools.csproj'
    Invoke-Native dotnet restore $testTools --verbosity quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester 5.7.1 is not in the NuGet cache at '$manifest' after restoring $testTools." }
    $manifest
}

function Invoke-Build {
    $buildClock = [Diagnostics.Stopwatch]::StartNew()
    $publishDir = Join-Path $ArtifactsDir 'publish'
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Invoke-Native dotnet publish (Join-Path $PSScriptRoot 'src/BlueGreen.PowerShell/BlueGreen.PowerShell.csproj') `
        -c $Configuration -o $publishDir --artifacts-path $ArtifactsDir -nologo --verbosity quiet

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $deps = New-Item -ItemType Directory -Force -Path (Join-Path $ModuleDir 'deps')
    # Only the cmdlet assembly lives in the default load context; everything else is isolated under deps/.
    foreach ($file in Get-ChildItem $publishDir -File) {
        switch -Regex ($file.Name) {
            '^BlueGreen\.PowerShell(\.Loader)?\.(dll|pdb)$' { Copy-Item $file.FullName $ModuleDir; break }
            '^System\.Management\.Automation\.dll$' { break }
            '\.(dll|pdb)$' { Copy-Item $file.FullName $deps; break }
        }
    }
    if (Test-Path (Join-Path $publishDir 'runtimes')) { Copy-Item (Join-Path $publishDir 'runtimes') $deps -Recurse }
    # The sandbox's data plane is its own process (it needs ASP.NET Core, which pwsh does not ship): published whole
    # into dataplane/, where the sandbox (in deps/) looks for it.
    $dataPlanePublish = Join-Path $ArtifactsDir 'publish-dataplane'
    if (Test-Path $dataPlanePublish) { Remove-Item $dataPlanePublish -Recurse -Force }
    Invoke-Native dotnet publish (Join-Path $PSScriptRoot 'src/BlueGreen.Sandbox.DataPlane/BlueGreen.Sandbox.DataPlane.csproj') `
        -c $Configuration -o $dataPlanePublish --artifacts-path $ArtifactsDir -nologo --verbosity quiet
    Copy-Item $dataPlanePublish (Join-Path $ModuleDir 'dataplane') -Recurse
    Copy-Item (Join-Path $PSScriptRoot 'BlueGreen.psd1') $ModuleDir
    Copy-Item (Join-Path $PSScriptRoot 'src/BlueGreen.PowerShell/BlueGreen.Format.ps1xml') $ModuleDir

    $helpScript = Join-Path $PSScriptRoot 'src/BlueGreen.PowerShell/Help/New-MamlHelp.ps1'
    # In a child pwsh: the build session must not load the module it builds.
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File $helpScript -ModuleDirectory $ModuleDir `
        -HelpSourceDirectory (Join-Path $PSScriptRoot 'src/BlueGreen.PowerShell/Help')
    Write-Host ("Module: {0} (built in {1:N0} s)" -f $ModuleDir, $buildClock.Elapsed.TotalSeconds)
}

function Invoke-UnitTest {
    $trx = Join-Path $ResultsDir 'unit.trx'
    $arguments = @('test', (Join-Path $PSScriptRoot 'tests/Unit/BlueGreen.Tests.Unit.csproj'), '-c', $Configuration,
        '--artifacts-path', $ArtifactsDir, '--logger', "trx;LogFileName=$trx", '-nologo',
        # A test that runs longer than this is taken as hung: the test host is stopped and the test named.
        '--blame-hang', '--blame-hang-timeout', "$($UnitTestDeadlineSeconds)s", '--blame-hang-dump-type', 'none')
    if ($UnitFilter) { $arguments += @('--filter', $UnitFilter) }
    Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @arguments
    $exit = $LASTEXITCODE
    if (Test-Path $trx) {
        [xml] $results = Get-Content $trx -Raw
        $counters = $results.TestRun.ResultSummary.Counters
        $script:Counts.Passed += [int] $counters.passed
        $script:Counts.Failed += [int] $counters.failed
        $script:Counts.Skipped += [int] $counters.notExecuted
        Write-Host "xunit: $($counters.passed) passed, $($counters.failed) failed, $($counters.notExecuted) skipped"
        if ([int] $counters.total -eq 0) { throw 'xunit ran no test.' }
    }
    if ($exit -ne 0) { throw "xunit failed (dotnet test exit code $exit)." }
}

function Get-PesterFile {
    # The test files under -PesterPath, in name order.
    @($PesterPath | ForEach-Object {
        $full = [IO.Path]::GetFullPath($_)
        if (Test-Path $full -PathType Container) { Get-ChildItem $full -Recurse -Filter '*.Tests.ps1' | Sort-Object FullName | ForEach-Object FullName }
        elseif (Test-Path $full) { $full }
        else { throw "No Pester file or folder at '$full'." }
    })
}

function Get-PesterDeadline([string] $File) {
    # A file may ask for more time with a header line '# Deadline: 600 s'; the default fits every file here today
    # with room for a loaded CI machine, and ends a hang well inside CI's limit.
    $line = Select-String -Path $File -Pattern '^#\s*Deadline:\s*(\d+)\s*s' -List
    if ($line) { [int] $line.Matches[0].Groups[1].Value } else { $PesterFileDeadlineSeconds }
}

function Get-PesterExpectedSecond([string] $File) {
    # How long the file took in the last run under this -OutputRoot (its summary), else in the measured run that
    # tests/Pester/FileSeconds.psd1 keeps (a fresh clone), else its deadline: the order key.
    $summary = Join-Path $ResultsDir "$([IO.Path]::GetFileNameWithoutExtension($File)).json"
    if (Test-Path $summary) {
        try {
            $seconds = [double] (Get-Content $summary -Raw | ConvertFrom-Json).Seconds
            if ($seconds -gt 0) { return $seconds }
        } catch { Write-Verbose "No usable time in ${summary}: $_" }
    }
    if ($null -eq $script:MeasuredFileSeconds) {
        $table = Join-Path $PSScriptRoot 'tests/Pester/FileSeconds.psd1'
        $script:MeasuredFileSeconds = if (Test-Path $table) { Import-PowerShellDataFile $table } else { @{} }
    }
    $name = [IO.Path]::GetFileName($File)
    if ($script:MeasuredFileSeconds.ContainsKey($name)) { return [double] $script:MeasuredFileSeconds[$name] }
    [double] (Get-PesterDeadline $File)
}

function Get-HungTestName([string] $Pester, [string] $File, [string] $Log, [string[]] $ExcludeTag) {
    # Which test was running when the file was killed: the first test, in run order, that the log does not report.
    $list = Join-Path $ResultsDir ("discover-" + [IO.Path]::GetFileNameWithoutExtension($File) + '.json')
    $exclude = if ($ExcludeTag) { @('-ExcludeTag', ($ExcludeTag -join ',')) } else { @() }
    & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $PesterFileRunner -PesterManifest $Pester -Path $File `
        -SummaryPath $list @exclude -Discover | Out-Null
    if (-not (Test-Path $list)) { return $null }
    $names = @(Get-Content $list -Raw | ConvertFrom-Json)
    $reported = @(Get-Content $Log -ErrorAction Ignore | ForEach-Object { $_ -replace "`e\[[0-9;]*m", '' } |
        Where-Object { $_ -match '^\s*\[[+\-!?]\] ' } | ForEach-Object { ($_ -replace '^\s*\[[+\-!?]\] ', '') -replace '\s+\d+(\.\d+)?m?s( \(.*\))?$', '' })
    $next = 0
    foreach ($test in $names) {
        if ($next -lt $reported.Count -and $reported[$next] -eq $test.Name) { $next++; continue }
        return $test.Path
    }
    $null
}

function Start-PesterFile([string] $Pester, [string] $File, [string[]] $ExcludeTag) {
    # Starts one file in its own pwsh; returns what Step-PesterFile needs to follow it to its end or its deadline.
    $name = [IO.Path]::GetFileNameWithoutExtension($File)
    $run = [pscustomobject]@{
        File = $File; Name = $name; Deadline = (Get-PesterDeadline $File); ExcludeTag = $ExcludeTag; Pester = $Pester
        Summary = (Join-Path $ResultsDir "$name.json"); Log = (Join-Path $ResultsDir "$name.log"); ErrorLog = (Join-Path $ResultsDir "$name.stderr.log")
        Process = $null; Streams = $null; Clock = $null; Result = $null; StartedAt = 0.0
    }
    Remove-Item $run.Summary, $run.Log, $run.ErrorLog -ErrorAction Ignore
    $arguments = @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $PesterFileRunner, '-PesterManifest', $Pester,
        '-Path', $File, '-SummaryPath', $run.Summary, '-XmlPath', (Join-Path $ResultsDir "$name.xml"))
    if ($ExcludeTag) { $arguments += @('-ExcludeTag', ($ExcludeTag -join ',')) }
    $start = [Diagnostics.ProcessStartInfo]::new($Pwsh[0])
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $run.Process = [Diagnostics.Process]::Start($start)
    # Both pipes are copied into the file's logs by .NET in the background (no script runs per line); printed whole
    # when the file ends.
    $run.Streams = @(
        foreach ($pair in @(@($run.Process.StandardOutput, $run.Log), @($run.Process.StandardError, $run.ErrorLog))) {
            $target = [IO.FileStream]::new($pair[1], [IO.FileMode]::Create, [IO.FileAccess]::Write, [IO.FileShare]::ReadWrite)
            [pscustomobject]@{ Copy = $pair[0].BaseStream.CopyToAsync($target); Target = $target; Log = $pair[1]; Open = $true }
        }
    )
    $run.Clock = [Diagnostics.Stopwatch]::StartNew()
    Write-Host ("  started  {0} (deadline {1} s)" -f [IO.Path]::GetFileName($File), $run.Deadline) -ForegroundColor DarkGray
    $run
}

function Step-PesterFile($Run) {
    # Reads what the file's pwsh wrote since the last call; once it has ended (or overrun its deadline, then it is
    # stopped with its children and the running test named), sets $Run.Result. Returns $true when the file is done.
    Receive-ChildLine $Run.Streams
    $file = [IO.Path]::GetFileName($Run.File)
    if ($Run.Streams.Open -contains $true) {
        if ($Run.Clock.Elapsed.TotalSeconds -le $Run.Deadline) { return $false }
        $stacks = Join-Path $ResultsDir "$($Run.Name).stacks.txt"
        # The managed stacks of the hung process: what it was waiting for (dotnet-stack is a local tool of this repo).
        & dotnet dotnet-stack report --process-id $Run.Process.Id *> $stacks
        try { $Run.Process.Kill($true) } catch { Write-Warning "Could not kill pwsh $($Run.Process.Id): $_" }
        $Run.Process.WaitForExit(10000) | Out-Null
        Receive-ChildLine $Run.Streams -WaitMilliseconds 5000
        Show-PesterFileLog $Run
        $test = Get-HungTestName $Run.Pester $Run.File $Run.Log $Run.ExcludeTag
        $message = "$file did not finish within its deadline of $($Run.Deadline) s and was stopped; " +
            $(if ($test) { "the test running was '$test'." } else { 'no test had started or the running one could not be told.' }) +
            " Managed stacks: $stacks"
        Write-Host $message -ForegroundColor Red
        $Run.Result = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; NotRun = 0; FailedNames = @($message); Seconds = $Run.Deadline }
        return $true
    }
    $Run.Process.WaitForExit()
    Show-PesterFileLog $Run
    $Run.Result = if (Test-Path $Run.Summary) { Get-Content $Run.Summary -Raw | ConvertFrom-Json } else {
        [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; NotRun = 0; FailedNames = @("$file ended without results (exit code $($Run.Process.ExitCode))."); Seconds = $Run.Clock.Elapsed.TotalSeconds }
    }
    $true
}

function Receive-ChildLine($Streams, [int] $WaitMilliseconds = 0) {
    # Closes the log of each stream whose pipe has ended (the copy has written all of it); with -WaitMilliseconds,
    # gives a pipe that long to end first (a killed child's pipes end with it).
    foreach ($stream in $Streams | Where-Object Open) {
        if ($WaitMilliseconds -gt 0) { try { [void] $stream.Copy.Wait($WaitMilliseconds) } catch { } }
        if (-not $stream.Copy.IsCompleted -and $WaitMilliseconds -eq 0) { continue }
        $stream.Target.Dispose()
        $stream.Open = $false
    }
}

function Show-PesterFileLog($Run) {
    # A file's whole output at once, so that files run side by side do not interleave.
    if (Test-Path $Run.Log) { Get-Content $Run.Log | ForEach-Object { [Console]::WriteLine($_) } }
    if (Test-Path $Run.ErrorLog) { Get-Content $Run.ErrorLog | ForEach-Object { Write-Host $_ -ForegroundColor Red } }
}

function Invoke-PesterTest {
    if (-not (Test-Path (Join-Path $ModuleDir 'BlueGreen.psd1'))) { throw "No built module at '$ModuleDir': run the Build task first." }
    $pester = Get-PesterModulePath
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    $env:BLUEGREEN_MODULE = $ModuleDir
    # Every process the tests start (pwsh per file, the sandbox's data plane, the deployments they run) is short-lived:
    # .NET's tiered PGO instruments hot methods first and pays for it in CPU these processes never earn back. With it
    # off, a file's CPU time (user) was 26% lower for Complete-BgDeployment (25.8 -> 19.1 s) and 34% for
    # Remove-BgMachine (22.4 -> 14.7 s) on this 2-core machine; the test phase is CPU-bound (99% busy), so that is its
    # wall time. Behaviour is the same: PGO only changes what the JIT optimises when. A value set by the caller wins.
    if (-not $env:DOTNET_TieredPGO) { $env:DOTNET_TieredPGO = '0' }
    $exclude = @($script:MissingTags)
    foreach ($tag in $exclude) {
        $item = $script:Prerequisites | Where-Object Tag -EQ $tag | Select-Object -First 1
        Write-Warning "Skipping the Pester tests tagged '$tag': they need Debian's $($item.Package) ($($item.Why)). Install it: sudo apt-get install $($item.Package)"
    }
    if (-not $script:WithDocker) {
        Write-Warning "Skipping the Pester tests tagged 'Docker' (a whole deployment on real containers), as -NoDocker or BLUEGREEN_DOCKER_TESTS=0 asks."
        $exclude += 'Docker'
    }
    # Longest first, so those running at once end together and no slot waits idle at the end: by the file's expected
    # time (Get-PesterExpectedSecond: the last run under this -OutputRoot, else tests/Pester/FileSeconds.psd1, else
    # its deadline), then size.
    $files = @(Get-PesterFile | Sort-Object { Get-PesterExpectedSecond $_ }, { (Get-Item $_).Length } -Descending)
    Write-Host "> Pester $($files.Count) file(s), $PesterParallel at a time, each in its own pwsh -NoProfile -NonInteractive with a deadline" -ForegroundColor DarkGray
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $failures = @()
    $timings = @()
    $phase = [Diagnostics.Stopwatch]::StartNew()
    $queue = [Collections.Generic.Queue[string]]::new([string[]] $files)
    $running = [Collections.Generic.List[object]]::new()
    while ($queue.Count -gt 0 -or $running.Count -gt 0) {
        while ($running.Count -lt $PesterParallel -and $queue.Count -gt 0) {
            $started = Start-PesterFile $pester $queue.Dequeue() $exclude
            $started.StartedAt = $phase.Elapsed.TotalSeconds
            $running.Add($started)
        }
        foreach ($run in @($running)) {
            if (-not (Step-PesterFile $run)) { continue }
            [void] $running.Remove($run)
            $result = $run.Result
            $totals.Passed += $result.Passed
            $totals.Failed += $result.Failed
            $totals.Skipped += $result.Skipped + $result.NotRun
            $failures += @($result.FailedNames | Where-Object { $_ })
            $timings += [pscustomobject]@{
                File = [IO.Path]::GetFileName($run.File); Seconds = [math]::Round([double] $result.Seconds, 1); Passed = $result.Passed; Failed = $result.Failed
                Skipped = $result.Skipped + $result.NotRun; Deadline = $run.Deadline
                Start = [math]::Round($run.StartedAt, 0); End = [math]::Round($phase.Elapsed.TotalSeconds, 0)
            }
        }
        Start-Sleep -Milliseconds 200
    }
    # Start and End (seconds into the Pester phase) show whether slots waited idle at the end.
    $timings | Sort-Object Start | Format-Table -AutoSize | Out-String | Write-Host
    $script:Counts.Passed += $totals.Passed
    $script:Counts.Failed += $totals.Failed
    $script:Counts.Skipped += $totals.Skipped
    Write-Host "Pester: $($totals.Passed) passed, $($totals.Failed) failed, $($totals.Skipped) skipped"
    if ($totals.Passed + $totals.Failed -eq 0) { throw 'Pester ran no test.' }
    if ($totals.Failed -gt 0) {
        $failures | ForEach-Object { Write-Host "  failed: $_" -ForegroundColor Red }
        throw "Pester: $($totals.Failed) failed."
    }
}

function Invoke-StressTest {
    # Many short processes through the CliWrap build the module ships: a lost exit notification is a hang (issue 8).
    $deps = Join-Path $ModuleDir 'deps'
    if (-not (Test-Path (Join-Path $deps 'CliWrap.dll'))) { throw "No built module at '$ModuleDir': run the Build task first." }
    $project = Join-Path $PSScriptRoot 'tests/Stress/ProcessExit/ProcessExitStress.csproj'
    Invoke-Native dotnet build $project -c $Configuration --artifacts-path $ArtifactsDir "-p:BlueGreenDeps=$deps" -nologo --verbosity quiet
    $harness = Join-Path $ArtifactsDir "bin/ProcessExitStress/$($Configuration.ToLowerInvariant())/ProcessExitStress.dll"
    Write-Host "> dotnet $harness --deps $deps --runs $StressRuns --parallel 16 --delay-ms 20" -ForegroundColor DarkGray
    & dotnet $harness --deps $deps --runs $StressRuns --parallel 16 --delay-ms 20
    $exit = $LASTEXITCODE
    if ($exit -eq 0) { $script:Counts.Passed += 1 } else { $script:Counts.Failed += 1 }
    Write-Host "Process-exit stress: $(if ($exit -eq 0) { '1 passed, 0 failed' } else { '0 passed, 1 failed' })"
    if ($exit -ne 0) { throw "The process-exit stress test failed (exit code $exit): a process's end was lost, or the wrong CliWrap build ships." }
}

function Start-DockerWarmUp {
    # Docker's packages, the engine (host networking only), the example's base image (cached by its package list) and
    # PostgreSQL, in a thread job of this session: the Docker Pester files then find them ready (or skip, saying why).
    $support = Join-Path $PSScriptRoot 'tests/docker/DockerTestSupport.psm1'
    Write-Host '> Docker for the real-container tests: packages, engine, base image, PostgreSQL (in the background)' -ForegroundColor DarkGray
    Start-ThreadJob -Name 'DockerWarmUp' -ArgumentList $support -ScriptBlock {
        param($Support)
        Import-Module $Support -Force
        $setup = Initialize-DockerTestEnvironment
        if ($setup.PostgreSql -and $setup.PostgreSql.Ready) { $null = Remove-PostgreSqlDatabase -Database $setup.PostgreSql.Database }
        $setup
    }
}

function Complete-DockerWarmUp($Job) {
    $setup = $Job | Receive-Job -Wait
    $Job | Add-Member -NotePropertyName Setup -NotePropertyValue $setup -Force
    foreach ($step in 'Prerequisite', 'Engine', 'BaseImage', 'PostgreSql') {
        $outcome = $setup.$step
        if (-not $outcome) { continue }
        $seconds = if ($outcome.PSObject.Properties['Seconds']) { " ($($outcome.Seconds) s)" } else { '' }
        Write-Host ("  Docker {0}: {1}{2}{3}" -f $step, $(if ($outcome.Ready) { $outcome.How } else { 'not ready' }), $(if ($outcome.Reason) { " - $($outcome.Reason)" } else { '' }), $seconds)
    }
    if (-not $setup.Ready) { Write-Warning "The real-container tests (tag Docker) will be skipped: $($setup.Reason)" }
}

function Stop-DockerWarmUp($Job) {
    # Stops only what the warm-up started (a dockerd or a PostgreSQL cluster already running is left alone).
    $setup = $Job.Setup
    if (-not $setup) { return }
    Import-Module (Join-Path $PSScriptRoot 'tests/docker/DockerTestSupport.psm1') -Force
    if ($setup.Engine -and $setup.Engine.How -eq 'Started') { $null = Stop-DockerEngine }
    if ($setup.PostgreSql -and $setup.PostgreSql.How -eq 'Started') { $null = Stop-PostgreSql }
    $Job | Remove-Job -Force
}

function Invoke-Bench {
    # BlueGreen against the seed's scripts (bench/README.md): writes docs/benchmarks.md and its plot. Not part of Test.
    # BLUEGREEN_BENCH_ARGS passes options to bench/Invoke-Bench.ps1, e.g. '-Runs 5 -LaunchDelay 2'.
    $options = @("$env:BLUEGREEN_BENCH_ARGS" -split '\s+' | Where-Object { $_ })
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'bench/Invoke-Bench.ps1') -ModulePath $ModuleDir @options
}

function Get-CpuTime {
    # The machine's CPU time so far from /proc/stat's first line (clock ticks): busy (all but idle and iowait) and total.
    # $null where there is no /proc/stat.
    if (-not (Test-Path /proc/stat)) { return $null }
    $ticks = @((Get-Content /proc/stat -TotalCount 1) -split '\s+' | Select-Object -Skip 1 | Where-Object { $_ } | ForEach-Object { [long] $_ })
    $total = ($ticks | Measure-Object -Sum).Sum
    [pscustomobject]@{ Busy = $total - $ticks[3] - $ticks[4]; Total = $total }
}

function Format-CpuBusy($Since) {
    # How busy every core was since $Since (Get-CpuTime), as a percentage: tells whether a phase waits or computes.
    $now = Get-CpuTime
    if (-not $Since -or -not $now -or $now.Total -le $Since.Total) { return 'CPU use unknown' }
    "CPU {0:N0}% busy on {1} cores" -f (100.0 * ($now.Busy - $Since.Busy) / ($now.Total - $Since.Total)), [Environment]::ProcessorCount
}

function Invoke-Demo {
    $env:BLUEGREEN_MODULE = $ModuleDir
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'demo/Invoke-Demo.ps1') -ModulePath $ModuleDir
}

$failure = $null
$clock = [Diagnostics.Stopwatch]::StartNew()
try {
    foreach ($name in $Task) {
        $taskClock = [Diagnostics.Stopwatch]::StartNew()
        switch ($name) {
            'Clean' { if (Test-Path $OutputRoot) { Remove-Item $OutputRoot -Recurse -Force } }
            'Build' { Invoke-Build }
            'UnitTest' { Invoke-UnitTest }
            'PesterTest' {
                Install-Prerequisite -For Test
                $wantsDocker = $script:WithDocker -and @(Get-PesterFile | Where-Object { [IO.Path]::GetFileName($_) -like 'Docker.*' }).Count
                $docker = if ($wantsDocker) { Start-DockerWarmUp } else { $null }
                try {
                    if ($docker) { Complete-DockerWarmUp $docker }
                    Invoke-PesterTest
                }
                finally { if ($docker) { Stop-DockerWarmUp $docker } }
            }
            'StressTest' { Invoke-StressTest }
            'Test' {
                Install-Prerequisite -For Test
                # The real-container tests' engine, base image and PostgreSQL, made while the build and the xunit
                # tests run (a first base image takes about two minutes of debootstrap).
                $docker = if ($script:WithDocker) { Start-DockerWarmUp } else { $null }
                Invoke-Build
                # Both suites run even when the first fails, so one report shows every failure.
                $errors = @()
                $phase = [Diagnostics.Stopwatch]::StartNew()
                $cpu = Get-CpuTime
                try { Invoke-UnitTest } catch { $errors += $_ }
                Write-Host ("UnitTest took {0:N0} s ({1})." -f $phase.Elapsed.TotalSeconds, (Format-CpuBusy $cpu))
                $phase.Restart(); $cpu = Get-CpuTime
                try { Invoke-StressTest } catch { $errors += $_ }
                Write-Host ("StressTest took {0:N0} s ({1})." -f $phase.Elapsed.TotalSeconds, (Format-CpuBusy $cpu))
                $phase.Restart(); $cpu = Get-CpuTime
                if ($docker) { Complete-DockerWarmUp $docker }
                try { Invoke-PesterTest } catch { $errors += $_ }
                finally { if ($docker) { Stop-DockerWarmUp $docker } }
                Write-Host ("PesterTest took {0:N0} s (with the wait for the Docker warm-up; {1})." -f $phase.Elapsed.TotalSeconds, (Format-CpuBusy $cpu))
                if ($errors) { throw ($errors | ForEach-Object { $_.Exception.Message }) -join ' ' }
            }
            'Demo' { Install-Prerequisite -For Demo; Invoke-Build; Invoke-Demo }
            'Bench' { Install-Prerequisite -For Demo; Install-Prerequisite -For Test; Invoke-Build; Invoke-Bench }
        }
        Write-Host ("Task {0} took {1:N0} s." -f $name, $taskClock.Elapsed.TotalSeconds)
    }
}
catch {
    $failure = $_
}
finally {
    if ($Task -contains 'Test' -or $Task -contains 'UnitTest' -or $Task -contains 'PesterTest' -or $Task -contains 'StressTest') {
        Write-Host ''
        Write-Host ("Total {0:N0} s." -f $clock.Elapsed.TotalSeconds)
        Write-Host "$($script:Counts.Passed) passed, $($script:Counts.Failed) failed, $($script:Counts.Skipped) skipped"
    }
}
if ($failure) { throw $failure }
