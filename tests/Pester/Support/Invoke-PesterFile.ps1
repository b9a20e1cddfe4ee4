#requires -Version 7.2
<#
.SYNOPSIS
    Runs one Pester file in this (fresh) process and writes its results: NUnit XML and a JSON summary.
.DESCRIPTION
    build.ps1 starts one of these per test file, each in its own 'pwsh -NoProfile -NonInteractive', with a deadline:
    a file that hangs is killed and named, and the others still run. With -Discover it runs nothing and lists the
    file's tests in run order (the parent uses that to name the test that was running when a file hung).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $XmlPath,
    [string[]] $ExcludeTag = @(),
    [switch] $Discover
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -MinimumVersion 5.7.1
$config = New-PesterConfiguration
$config.Run.Path = @($Path)
$config.Run.PassThru = $true
# From build.ps1 the tags come as one comma-separated argument (pwsh -File binds one value per parameter).
$config.Filter.ExcludeTag = @($ExcludeTag -split ',' | ForEach-Object Trim | Where-Object { $_ })
if ($Discover) {
    $config.Run.SkipRun = $true
    $config.Output.Verbosity = 'None'
    $result = Invoke-Pester -Configuration $config
    @($result.Tests | Where-Object ShouldRun | ForEach-Object { [pscustomobject]@{ Name = $_.ExpandedName; Path = (@($_.Block.Path) + $_.ExpandedName) -join " > " } }) |
        ConvertTo-Json -AsArray | Set-Content $SummaryPath
    return
}

function Get-FailureReason($Item) {
    # Why it failed, on the summary line too: CI logs are often read from their end, far from the file's own output.
    $record = @($Item.ErrorRecord)[0]
    if (-not $record) { return '' }
    $message = ($record.Exception.Message -replace '\s+', ' ').Trim()
    if ($message.Length -gt 500) { $message = $message.Substring(0, 500) + '...' }
    $where = @("$($record.ScriptStackTrace)" -split "`n" | Where-Object { $_ -match '\.Tests\.ps1' })[0]
    " -- $message$(if ($where) { " ($($where.Trim()))" })"
}

$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = [bool] $XmlPath
if ($XmlPath) { $config.TestResult.OutputPath = $XmlPath }
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    NotRun  = $result.NotRunCount
    FailedNames = @($result.Failed | ForEach-Object { "$($_.ExpandedPath)$(Get-FailureReason $_)" }) +
        @($result.FailedBlocks | ForEach-Object { "$($_.ExpandedPath) (setup)$(Get-FailureReason $_)" }) +
        @($result.FailedContainers | ForEach-Object { "$($_.Item) (file)$(Get-FailureReason $_)" })
    Seconds = [math]::Round($result.Duration.TotalSeconds, 1)
} | ConvertTo-Json | Set-Content $SummaryPath
