#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates BlueGreen.
.DESCRIPTION
    Named tasks; every failed step throws (no dotnet exit code is swallowed).
      Build       dotnet publish + lay out an importable module at <OutputRoot>/BlueGreen (manifest + assemblies,
                  dependencies isolated under deps/, format views, help).
      UnitTest    xunit (tests/Unit).
      PesterTest  Pester in a fresh 'pwsh -NoProfile -NonInteractive' against the built module.
      Test        Build, UnitTest, PesterTest; prints 'N passed, N failed' and throws if any failed.
      Demo        Build, then the main job on the embedded default: the local sandbox.
      Clean       Removes <OutputRoot>.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 PesterTest -PesterPath tests/Pester/Switch-BgTargetGroup.Tests.ps1 -OutputRoot /tmp/bg
#>
[CmdletBinding()]
param(
    # One or more of Build, UnitTest, PesterTest, Test, Demo, Clean ('Build,PesterTest' works from any shell).
    [Parameter(Position = 0)]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the module and the build artifacts go. Separate roots let several builds run side by side.
    [string] $OutputRoot = (Join-Path $PSScriptRoot 'out'),

    # Pester files or folders to run (default: all of tests/Pester).
    [string[]] $PesterPath = @(Join-Path $PSScriptRoot 'tests/Pester'),

    # xunit filter expression (dotnet test --filter).
    [string] $UnitFilter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# From bash, 'Build,PesterTest' arrives as one string: split lists on commas.
$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
$PesterPath = @($PesterPath -split ',' | ForEach-Object Trim | Where-Object { $_ })
$knownTasks = 'Build', 'UnitTest', 'PesterTest', 'Test', 'Demo', 'Clean'
foreach ($name in $Task) {
    if ($name -notin $knownTasks) { throw "Unknown task '$name'. Tasks: $($knownTasks -join ', ')." }
}

$OutputRoot = [IO.Path]::GetFullPath($OutputRoot)
$ModuleDir = Join-Path $OutputRoot 'BlueGreen'
$ArtifactsDir = Join-Path $OutputRoot 'artifacts'
$ResultsDir = Join-Path $OutputRoot 'test-results'
$script:Counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
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
        '--artifacts-path', $ArtifactsDir, '--logger', "trx;LogFileName=$trx", '-nologo')
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

function Invoke-PesterTest {
    if (-not (Test-Path (Join-Path $ModuleDir 'BlueGreen.psd1'))) { throw "No built module at '$ModuleDir': run the Build task first." }
    $pester = Get-PesterModulePath
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    $paths = ($PesterPath | ForEach-Object { "'" + ([IO.Path]::GetFullPath($_) -replace "'", "''") + "'" }) -join ','
    $runner = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester' -MinimumVersion 5.7.1
`$config = New-PesterConfiguration
`$config.Run.Path = @($paths)
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$(Join-Path $ResultsDir 'pester.xml')'
`$result = Invoke-Pester -Configuration `$config
[pscustomobject]@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount; Skipped = `$result.SkippedCount } |
    ConvertTo-Json | Set-Content '$summary'
"@
    $env:BLUEGREEN_MODULE = $ModuleDir
    if (Test-Path $summary) { Remove-Item $summary }
    Write-Host "> $Pwsh -NoProfile -NonInteractive (Pester $($PesterPath -join ', '))" -ForegroundColor DarkGray
    & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $runner
    $exit = $LASTEXITCODE
    if (-not (Test-Path $summary)) { throw "Pester did not finish (exit code $exit)." }
    $result = Get-Content $summary -Raw | ConvertFrom-Json
    $script:Counts.Passed += $result.Passed
    $script:Counts.Failed += $result.Failed
    $script:Counts.Skipped += $result.Skipped
    Write-Host "Pester: $($result.Passed) passed, $($result.Failed) failed, $($result.Skipped) skipped"
    if ($result.Passed + $result.Failed -eq 0) { throw 'Pester ran no test.' }
    if ($result.Failed -gt 0 -or $exit -ne 0) { throw "Pester: $($result.Failed) failed (exit code $exit)." }
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
            'PesterTest' { Invoke-PesterTest }
            'Test' {
                Invoke-Build
                # Both suites run even when the first fails, so one report shows every failure.
                $errors = @()
                try { Invoke-UnitTest } catch { $errors += $_ }
                try { Invoke-PesterTest } catch { $errors += $_ }
                if ($errors) { throw ($errors | ForEach-Object { $_.Exception.Message }) -join ' ' }
            }
            'Demo' { Invoke-Build; Invoke-Demo }
        }
        Write-Host ("Task {0} took {1:N0} s." -f $name, $taskClock.Elapsed.TotalSeconds)
    }
}
catch {
    $failure = $_
}
finally {
    if ($Task -contains 'Test' -or $Task -contains 'UnitTest' -or $Task -contains 'PesterTest') {
        Write-Host ''
        Write-Host ("Total {0:N0} s." -f $clock.Elapsed.TotalSeconds)
        Write-Host "$($script:Counts.Passed) passed, $($script:Counts.Failed) failed, $($script:Counts.Skipped) skipped"
    }
}
if ($failure) { throw $failure }
