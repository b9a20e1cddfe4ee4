# Deadline: 600 s
# Zero downtime, proved with real HTTP: a steady stream of requests through the sandbox's listener (its data plane)
# while Start-BgDeployment and Complete-BgDeployment run on Local machines (gunicorn serving the example shop). Every
# request is counted served, answered 503 by maintenance mode, or failed; the figures are written to the test output.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LocalWorldSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../demo/TrafficLoop.psm1') -Force
    Use-TestAwsEnvironment
    $script:World = New-LocalWorld -Name zero
    $script:Config = $World.Config
    Start-LiveRelease $World | Out-Null

    function Invoke-UnderTraffic([scriptblock] $Action) {
        # Runs the action while requests stream through the listener (two streams, one request each every 40 ms, from half a
        # second before to half a second after).
        $loop = Start-TrafficLoop -Url $World.SiteUrl -Concurrency 2 -IntervalMilliseconds 40
        try {
            Start-Sleep -Milliseconds 500
            $value = & $Action
            Start-Sleep -Milliseconds 500
        }
        finally { $results = Stop-TrafficLoop $loop }
        [pscustomobject]@{ Value = $value; Results = $results; Summary = Measure-TrafficResult $results }
    }

    function Show-Traffic([string] $Scenario, $Summary) {
        Write-Host ("{0}: {1} requests sent, {2} served ({3}), {4} failed, {5} answered 503 by maintenance in {6} window(s), longest {7:N2} s" -f $Scenario,
            $Summary.Sent, $Summary.Served, (($Summary.ServedByRelease.GetEnumerator() | ForEach-Object { "release $($_.Key): $($_.Value)" }) -join ', '),
            $Summary.Failed, $Summary.Maintenance503, $Summary.MaintenanceWindows, $Summary.LongestMaintenanceWindowSeconds)
        $Summary.FirstFailures | ForEach-Object { Write-Host "  failed: $_" }
    }
}

AfterAll {
    Remove-LocalWorld $World
}

Describe 'Zero downtime through the listener' -Tag Gunicorn, Django {
    It 'loses no request, and answers none 503, during a deployment without migrations' {
        Set-AppRelease $World '1b'
        $run = Invoke-UnderTraffic { Start-BgDeployment -ConfigPath $Config -Release 1b -Confirm:$false }
        $deployment = $run.Value
        $results = $run.Results
        $summary = $run.Summary
        Show-Traffic 'deployment without migrations' $summary

        $deployment.Status | Should -Be 'Succeeded'
        $deployment.MigrationsApplied | Should -BeNullOrEmpty
        ($deployment.Steps | Where-Object Name -EQ 'MaintenanceOn') | Should -BeNullOrEmpty -Because 'Maintenance Auto skips the window when there is nothing to migrate'
        $summary.Sent | Should -BeGreaterThan 100
        $summary.Failed | Should -Be 0 -Because ($summary.FirstFailures -join '; ')
        $summary.Maintenance503 | Should -Be 0
        # The switch happened under load: both releases answered, the old one first, the new one last.
        $summary.ServedByRelease.Keys | Should -Contain '1'
        $summary.ServedByRelease.Keys | Should -Contain '1b'
        ($results | Where-Object Kind -EQ 'Served' | Select-Object -Last 1).Release | Should -Be '1b'
    }

    It 'answers none 503 during a deployment with a compatible migration: migrated while the old release serves, then switched' {
        # The previous deployment's old machines are still kept; complete it first so this one starts clean.
        Complete-BgDeployment -ConfigPath $Config -Force -Confirm:$false | Out-Null
        Set-AppRelease $World '2'
        $run = Invoke-UnderTraffic { Start-BgDeployment -ConfigPath $Config -Release 2 -Confirm:$false }
        $deployment = $run.Value
        $summary = $run.Summary
        Show-Traffic 'deployment with a compatible migration' $summary

        $deployment.Status | Should -Be 'Succeeded'
        $deployment.MigrationsApplied | Should -Be @('shop.0002_product_in_stock')
        ($deployment.Steps | Where-Object Name -EQ 'MaintenanceOn') | Should -BeNullOrEmpty -Because 'a nullable column leaves release 1b working: Maintenance Auto opens no window'
        $deployment.MaintenanceDecision | Should -Match '^no window'
        $summary.Failed | Should -Be 0 -Because ($summary.FirstFailures -join '; ')
        $summary.Maintenance503 | Should -Be 0
        ($run.Results | Where-Object Kind -EQ 'Served' | Select-Object -Last 1).Release | Should -Be '2'
    }

    It 'answers only maintenance 503s, in one window around the migration, during a deployment with an incompatible migration' {
        Complete-BgDeployment -ConfigPath $Config -Force -Confirm:$false | Out-Null
        Set-AppRelease $World '4'
        $run = Invoke-UnderTraffic { Start-BgDeployment -ConfigPath $Config -Release 4 -Confirm:$false }
        $deployment = $run.Value
        $results = $run.Results
        $summary = $run.Summary
        Show-Traffic 'deployment with an incompatible migration' $summary
        $recorded = ($deployment.MaintenanceEndedAt - $deployment.MaintenanceStartedAt).TotalSeconds
        Write-Host ("  maintenance window as BlueGreen recorded it: {0:N2} s (MaintenanceOn to MaintenanceOff); migrate step: {1:N2} s" -f $recorded,
            (($deployment.Steps | Where-Object Name -EQ 'Migrate').EndedAt - ($deployment.Steps | Where-Object Name -EQ 'Migrate').StartedAt).TotalSeconds)

        $deployment.Status | Should -Be 'Succeeded'
        $deployment.MigrationsApplied | Should -Be @('shop.0003_product_weight_grams')
        $deployment.MaintenanceDecision | Should -Match '^window: 1 of 1 pending'
        $summary.Failed | Should -Be 0 -Because ($summary.FirstFailures -join '; ')
        $summary.Maintenance503 | Should -BeGreaterThan 0 -Because 'requests during the migration meet the maintenance page'
        # Every 503 users saw falls inside the one window BlueGreen opened and closed, give or take one request's time. (A
        # request sent as the window opened or closed may be served between two 503s of the other stream: the span is
        # what counts, not how many runs of 503s the two streams saw.)
        $maintenance = @($results | Where-Object Kind -EQ 'Maintenance')
        $span = (($maintenance | ForEach-Object { $_.AtMs + $_.DurationMs } | Measure-Object -Maximum).Maximum - ($maintenance | Measure-Object AtMs -Minimum).Minimum) / 1000
        $inside = @($results | Where-Object { $_.Kind -EQ 'Served' -and $_.AtMs -gt $maintenance[0].AtMs -and $_.AtMs -lt $maintenance[-1].AtMs })
        Write-Host ("  503s from first to last: {0:N2} s; served between them: {1}" -f $span, (($inside | ForEach-Object { 'release {0} at {1:N0} ms ({2:N0} ms)' -f $_.Release, $_.AtMs, $_.DurationMs }) -join ', '))
        $span | Should -BeLessOrEqual ($recorded + 1)
        ($results | Where-Object Kind -EQ 'Served' | Select-Object -Last 1).Release | Should -Be '4'
    }

    It 'loses no request while Complete-BgDeployment drains and removes the old machines' {
        $old = @(Get-BgMachine -ConfigPath $Config -Role Idle)
        $old.Count | Should -Be 2
        $run = Invoke-UnderTraffic { Complete-BgDeployment -ConfigPath $Config -Force -Confirm:$false }
        $completed = $run.Value
        $results = $run.Results
        $summary = $run.Summary
        Show-Traffic 'Complete-BgDeployment (drain and remove)' $summary

        $completed.Status | Should -Be 'Completed'
        $summary.Failed | Should -Be 0 -Because ($summary.FirstFailures -join '; ')
        $summary.Maintenance503 | Should -Be 0
        @(Get-BgMachine -ConfigPath $Config).Release | Sort-Object -Unique | Should -Be @('4')
    }
}
