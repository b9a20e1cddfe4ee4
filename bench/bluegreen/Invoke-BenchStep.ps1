# What the benchmark times on BlueGreen's side, run as a user runs it: 'pwsh -NoProfile -File Invoke-BenchStep.ps1 ...'.
# Prints one line 'BENCH:{json}' with the moments (Unix ms) the script began, the module was imported and the cmdlet
# returned, plus what the cmdlet reported (deployment steps, maintenance window), for the harness's breakdown.
param(
    [Parameter(Mandatory)] [ValidateSet('Switch', 'Deploy', 'Import')] [string] $Operation,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ConfigPath,
    [string] $Release = 'bench-2',
    [string] $Maintenance = 'Auto'
)
$began = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ModulePath
$imported = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
$result = [ordered]@{}
switch ($Operation) {
    'Import' { $null = Get-BgTargetGroup -ConfigPath $ConfigPath }
    'Switch' { $null = Switch-BgTargetGroup -ConfigPath $ConfigPath -Confirm:$false }
    'Deploy' {
        $record = Start-BgDeployment -ConfigPath $ConfigPath -Release $Release -Maintenance $Maintenance -BakeTime 0 -SkipSmokeCheck -Confirm:$false
        $ms = { param($t) if ($null -eq $t) { $null } else { [DateTimeOffset]::new([DateTime]::SpecifyKind($t, 'Utc')).ToUnixTimeMilliseconds() } }
        $result.status = "$($record.Status)"
        $result.maintenanceStarted = & $ms $record.MaintenanceStartedAt
        $result.maintenanceEnded = & $ms $record.MaintenanceEndedAt
        $result.steps = @($record.Steps | ForEach-Object { [ordered]@{ name = $_.Name; outcome = "$($_.Outcome)"; started = & $ms $_.StartedAt; ended = & $ms $_.EndedAt } })
    }
}
$done = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
$result.began = $began
$result.imported = $imported
$result.done = $done
'BENCH:' + ($result | ConvertTo-Json -Compress -Depth 5)
