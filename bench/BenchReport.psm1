# Statistics of the benchmark's runs and the report (docs/benchmarks.md) written from them.

function Get-Stat {
    # Median, min and max (ms) of the runs given; runs = how many.
    param([double[]] $Values)
    $values = @($Values | Where-Object { $null -ne $_ } | Sort-Object)
    if ($values.Count -eq 0) { return [ordered]@{ runs = 0; median = $null; min = $null; max = $null } }
    $middle = [int][Math]::Floor($values.Count / 2)
    $median = if ($values.Count % 2) { $values[$middle] } else { ($values[$middle - 1] + $values[$middle]) / 2 }
    [ordered]@{ runs = $values.Count; median = [Math]::Round($median, 1); min = [Math]::Round($values[0], 1); max = [Math]::Round($values[-1], 1) }
}

function ConvertTo-StepResult {
    # The whole-process time of BlueGreen's runs and its breakdown (medians): process start, import, cmdlet, exit.
    param([object[]] $Runs)
    [ordered]@{
        total     = Get-Stat $Runs.Ms
        processMs = (Get-Stat $Runs.ProcessMs).median
        importMs  = (Get-Stat $Runs.ImportMs).median
        cmdletMs  = (Get-Stat $Runs.CmdletMs).median
        exitMs    = (Get-Stat $Runs.ExitMs).median
        awsCalls  = $Runs[-1].AwsCalls
        awsSpanMs = (Get-Stat $Runs.AwsSpanMs).median
    }
}

function Get-StepStat {
    # The median time of each deployment step (from the deployment's own journal).
    param([object[]] $Runs)
    $steps = [ordered]@{}
    foreach ($run in $Runs) {
        foreach ($step in $run.Data.steps) {
            if ($null -eq $step.ended) { continue }
            if (-not $steps.Contains($step.name)) { $steps[$step.name] = @() }
            $steps[$step.name] += $step.ended - $step.started
        }
    }
    $result = [ordered]@{}
    foreach ($name in $steps.Keys) { $result[$name] = (Get-Stat $steps[$name]).median }
    $result
}

function Format-Seconds($Stat) {
    if ($null -eq $Stat -or $null -eq $Stat.median) { return 'n/a' }
    '{0:0.00} s ({1:0.00}-{2:0.00})' -f ($Stat.median / 1000), ($Stat.min / 1000), ($Stat.max / 1000)
}

function Format-Ratio($Seed, $BlueGreen) {
    if ($null -eq $Seed -or $null -eq $BlueGreen -or $null -eq $Seed.median -or $null -eq $BlueGreen.median) { return 'n/a' }
    if ($BlueGreen.median -le 0) { return 'inf (BlueGreen 0)' }
    '{0:0.0}x' -f ($Seed.median / $BlueGreen.median)
}

function Get-Median($Stat) { if ($Stat) { $Stat.median } else { $null } }

function Write-FleetSection {
    # Figure 6 (issue 22): a fleet's deployment on the unit tests' in-memory AWS at 50 ms per call: AWS calls, round
    # trips on the critical path and wall time at N = 1, 64, 256, by launch kind; the issue's targets.
    param([Parameter(Mandatory)] $Results, [Parameter(Mandatory)] [scriptblock] $Line)
    $rows = @($Results['fleet'] | Where-Object { $_ })
    if (-not $rows) { return }
    $yesNo = { param($ok) if ($ok) { 'met' } else { '**missed**' } }
    & $Line '### A fleet''s deployment at 50 ms per AWS call (figure 6)'
    & $Line ''
    & $Line ('The release engine (`Start-BgDeployment`''s steps, journal and lock) on the in-memory AWS of `tests/Unit` (`FleetDeploymentTests`), ' +
        'every call answered 50 ms later, waits (health, bake) on a virtual clock: what is left is the overhead outside the waits. Round trips on the ' +
        'critical path: the longest chain of calls each sent after the one before it was answered. Batch: one RunInstances for the fleet; ' +
        'per machine: one each, at most MaxParallelLaunches at once.')
    & $Line ''
    & $Line '| N | launch | AWS calls | round trips | wall, s |'
    & $Line '|---|---|---|---|---|'
    foreach ($row in $rows) { & $Line ("| {0} | {1} | {2} | {3} | {4:0.00} |" -f $row.machines, $row.launch, $row.calls, $row.roundTrips, $row.seconds) }
    & $Line ''
    $batch = @($rows | Where-Object launch -EQ 'batch')
    $at64 = @($batch | Where-Object machines -EQ 64)
    $at1 = @($batch | Where-Object machines -EQ 1)
    $at256 = @($batch | Where-Object machines -EQ 256)
    & $Line '| target (issue 22) | measured | |'
    & $Line '|---|---|---|'
    if ($at64) { & $Line ("| deployment overhead outside waits at 50 ms, N = 64: <= 40 round trips | {0} round trips ({1} AWS calls) | {2} |" -f $at64[0].roundTrips, $at64[0].calls, (& $yesNo ($at64[0].roundTrips -le 40))) }
    if ($at1 -and $at256) {
        $ratio = $at256[0].seconds / $at1[0].seconds
        & $Line ("| deployment wall time N = 256 vs N = 1: <= 2x | {0:0.00} s against {1:0.00} s: {2:0.00}x | {3} |" -f $at256[0].seconds, $at1[0].seconds, $ratio, (& $yesNo ($ratio -le 2)))
    }
    & $Line ''
}

function Write-SwitchLatencySection {
    # The switch of 2 listeners + 2 rules under the sandbox's per-call latency (issue 22): calls, round trips on the
    # critical path, mixed window; the issue's targets.
    param([Parameter(Mandatory)] $Results, [Parameter(Mandatory)] [scriptblock] $Line)
    $rows = @($Results['switchLatency'] | Where-Object { $_ })
    if (-not $rows) { return }
    $yesNo = { param($ok) if ($ok) { 'met' } else { '**missed**' } }
    $ms = { param($stat) if ($stat) { '{0:0} ({1:0}-{2:0})' -f $stat.median, $stat.min, $stat.max } else { 'n/a' } }
    & $Line ''
    & $Line '### The switch under per-AWS-call latency (2 forwarding listeners + 2 rules)'
    & $Line ''
    & $Line ('Every AWS call of the sandbox answered that much later (`AddLatency(''*'', ...)`). Round trips on the critical path: the longest chain of ' +
        'calls each received after the one before it was answered (calls in flight together count once), from the sandbox''s request log. ' +
        'Mixed window: from the first route modified to the last. Whole process: `bash seed-switch.sh` against `pwsh -File` (start, import, ' +
        'Switch-BgTargetGroup); warm: Switch-BgTargetGroup -Force in a session that has switched before. The seed moves the 2 listeners only.')
    & $Line ''
    & $Line '| latency per call | tool | AWS calls | round trips | switch, ms | mixed window, ms |'
    & $Line '|---|---|---|---|---|---|'
    foreach ($row in $rows) {
        foreach ($tool in @(@('seed, whole process', $row.seed), @('BlueGreen, whole process', $row.bluegreen), @('BlueGreen, warm session', $row.warm))) {
            $t = $tool[1]
            & $Line "| $($row.latencyMs) ms | $($tool[0]) | $($t.awsCalls) | $($t.roundTrips.median) | $(& $ms $t.total) | $(& $ms $t.mixedMs) |"
        }
    }
    & $Line ''
    & $Line '| target (issue 22) | measured | |'
    & $Line '|---|---|---|'
    $at150 = @($rows | Where-Object latencyMs -EQ 150)
    $at50 = @($rows | Where-Object latencyMs -EQ 50)
    if ($at150) {
        $w = $at150[0].warm
        & $Line ("| switch at 150 ms per call, warm, <= 1.0 s (about 6 round trips) | {0:0.00} s, {1} round trips | {2} |" -f ($w.total.median / 1000), $w.roundTrips.median, (& $yesNo ($w.total.median -le 1000)))
        & $Line ("| mixed window at 150 ms <= 200 ms | {0:0} ms (seed {1:0} ms) | {2} |" -f $w.mixedMs.median, $at150[0].seed.mixedMs.median, (& $yesNo ($w.mixedMs.median -le 200)))
    }
    if ($at50) {
        $ratio = $at50[0].seed.total.median / $at50[0].bluegreen.total.median
        & $Line ("| switch at 50 ms, whole process, >= 2x faster than the seed | seed {0:0.00} s, BlueGreen {1:0.00} s: {2:0.00}x | {3} |" -f ($at50[0].seed.total.median / 1000), ($at50[0].bluegreen.total.median / 1000), $ratio, (& $yesNo ($ratio -ge 2)))
    }
    & $Line ''
}

function Write-BenchReport {
    param([Parameter(Mandatory)] $Results, [Parameter(Mandatory)] [string] $Path, [string] $PlotFile = 'benchmarks-deployment.png')
    $r = $Results
    $md = [Text.StringBuilder]::new()
    $line = { param($text) [void] $md.AppendLine($text) }
    $yesNo = { param($ok) if ($null -eq $ok) { 'n/a' } elseif ($ok) { 'met' } else { '**missed**' } }

    & $line '# Benchmarks: BlueGreen against the seed''s scripts'
    & $line ''
    & $line ('Written by `build.ps1 Bench` (`bench/Invoke-Bench.ps1`; how it works and what was changed in the seed''s scripts to run them: [bench/README.md](../bench/README.md)). ' +
        "Run of $($r.startedAt), $($r.durationSeconds) s, on $($r.machine.cores) cores; load average before $($r.machine.loadBefore), after $($r.machine.loadAfter). " +
        "PowerShell $($r.machine.pwsh), .NET $($r.machine.dotnet), $($r.machine.aws).")
    & $line ''
    & $line ("Every figure is measured in this one run on one sandbox, each case $($r.parameters.runs) time(s) (the seed's largest deployment $($r.parameters.largeRuns)): " +
        'median (min-max). Ratio = seed / BlueGreen (above 1: BlueGreen is faster). Whole processes are timed, as a user runs them: ' +
        "``bash <script>`` for the seed (Debian's ``/usr/bin/aws``) against ``$($r.timedPwsh)`` for BlueGreen.")
    & $line ''
    & $line '| # | figure | case | seed | BlueGreen | ratio | target | |'
    & $line '|---|---|---|---|---|---|---|---|'
    $missing = { param($number, $name, $target) & $line "| $number | $name | not measured in this run | | | | $target | n/a |" }
    if (-not $r.switch) { & $missing 1 'switch' '>= 10x (3 listeners)' }
    foreach ($s in $r.switch) {
        $target = if ($s.listeners -eq 3) { '>= 10x' } else { '' }
        $met = if ($s.listeners -eq 3) { & $yesNo ($s.seed.median / $s.bluegreen.total.median -ge 10) } else { '' }
        & $line "| 1 | switch | $($s.listeners) forwarding + 1 redirect | $(Format-Seconds $s.seed) | $(Format-Seconds $s.bluegreen.total) | $(Format-Ratio $s.seed $s.bluegreen.total) | $target | $met |"
    }
    if (-not $r.deploy) { & $missing 2 'deployment' '16: <= 1.25x N=1; 64: <= 2x' }
    $one = @($r.deploy | Where-Object { $_.machines -eq 1 })
    foreach ($d in $r.deploy) {
        $target = ''; $met = ''
        if ($one -and $d.machines -in 16, 64) {
            $limit = if ($d.machines -eq 16) { 1.25 } else { 2 }
            $scale = $d.bluegreen.total.median / $one[0].bluegreen.total.median
            $target = "<= ${limit}x N=1 (is {0:0.00}x; seed {1:0.0}x)" -f $scale, ($d.seed.median / $one[0].seed.median)
            $met = & $yesNo ($scale -le $limit)
        }
        & $line "| 2 | deployment | N = $($d.machines) | $(Format-Seconds $d.seed) | $(Format-Seconds $d.bluegreen.total) | $(Format-Ratio $d.seed $d.bluegreen.total) | $target | $met |"
    }
    if (-not $r.maintenance) { & $missing 3 'maintenance window minus migration' '< 0.25 s; 0 s' }
    foreach ($m in $r.maintenance) {
        $limit = if ($m.case -eq 'migrations') { 250 } else { 0 }
        $target = if ($limit) { '< 0.25 s' } else { '0 s' }
        $met = & $yesNo ($(if ($limit) { $m.bluegreen.median -lt $limit } else { $m.bluegreen.median -eq 0 }))
        & $line "| 3 | maintenance window minus migration | $($m.case) | $(Format-Seconds $m.seed) | $(Format-Seconds $m.bluegreen) | $(Format-Ratio $m.seed $m.bluegreen) | $target | $met |"
    }
    if (-not $r.import) { & $missing 4 'Import-Module + first call' '< 0.5 s warm' }
    foreach ($i in $r.import) {
        & $line "| 4 | Import-Module + first call | $($i.launcher), cold | (no equivalent) | $(Format-Seconds $i.cold.total) | | | |"
        $inProcess = $i.warm.importMs + $i.warm.cmdletMs
        & $line ("| 4 | Import-Module + first call | $($i.launcher), warm | (no equivalent) | $(Format-Seconds $i.warm.total) | | < 0.5 s (in the process: import {0:0.00} s + call {1:0.00} s) | $(& $yesNo ($inProcess -lt 500)) |" -f ($i.warm.importMs / 1000), ($i.warm.cmdletMs / 1000))
    }
    $seedTraffic = @($r.requests | Where-Object tool -EQ 'seed')
    $bgTraffic = @($r.requests | Where-Object tool -EQ 'BlueGreen')
    if ($r.requests) {
        $cell = { param($q) if (-not $q) { 'n/a' } else { "failed $($q[0].failed), 503 $($q[0].unavailable) of $($q[0].sent) (503s for $($q[0].maintenanceSeconds) s; deploy $([Math]::Round($q[0].deployMs / 1000, 1)) s)" } }
        $met = if ($bgTraffic) { & $yesNo ($bgTraffic[0].failed -eq 0) } else { 'n/a' }
        & $line "| 5 | requests failed / answered 503 during a deployment | $($r.requests[0].machines) machines, no migration, steady load | $(& $cell $seedTraffic) | $(& $cell $bgTraffic) | | 0 failed | $met |"
    }
    if (-not $r.requests) { & $missing 5 'requests during a deployment' '0 failed' }
    & $line ''
    Write-SwitchLatencySection -Results $r -Line $line
    Write-FleetSection -Results $r -Line $line
    & $line "![Deployment wall time against the number of machines, seed and BlueGreen]($PlotFile)"
    & $line ''

    # What each target's figure is made of, computed from this run (the closing note quotes it).
    & $line '## The targets, and what the time is made of'
    & $line ''
    foreach ($sw in @($r.switch | Where-Object listeners -EQ 3)) {
        $b = $sw.bluegreen
        $pwshMs = $b.processMs + $b.exitMs
        $inProcess = $b.importMs + $b.cmdletMs
        & $line ("- **Switch, 3 listeners** (target: at least 10x): {0:0.0}x. BlueGreen's process took {1:0.00} s: PowerShell's own start {2:0.00} s and exit {3:0.00} s ({4:0}% of it; an empty ``pwsh -Command exit`` costs about as much), ``Import-Module`` {5:0.00} s, the cmdlet {6:0.00} s ({7} AWS calls within {8:0.00} s; the rest is the first call's JIT and the AWS SDK's start). Import plus cmdlet alone is {9:0.0}x faster than the seed's {10:0.00} s, which is {11} runs of ``/usr/bin/aws`` at about {12:0.00} s each." -f
            ($sw.seed.median / $b.total.median), ($b.total.median / 1000), ($b.processMs / 1000), ($b.exitMs / 1000), (100 * $pwshMs / $b.total.median), ($b.importMs / 1000), ($b.cmdletMs / 1000), $b.awsCalls, ($b.awsSpanMs / 1000),
            ($sw.seed.median / $inProcess), ($sw.seed.median / 1000), $sw.seedAwsCalls, ($sw.seed.median / [Math]::Max(1, $sw.seedAwsCalls) / 1000))
    }
    $one = @($r.deploy | Where-Object machines -EQ 1)
    foreach ($d in @($r.deploy | Where-Object { $_.machines -in 16, 64 })) {
        if (-not $one) { break }
        $base = $one[0]
        $extra = @(foreach ($name in $d.steps.Keys) { $delta = $d.steps[$name] - $base.steps[$name]; if ([Math]::Abs($delta) -ge 100) { '{0} {1:+0.00;-0.00} s' -f $name, ($delta / 1000) } })
        $outside = ($d.bluegreen.cmdletMs - (@($d.steps.Values) | Measure-Object -Sum).Sum) - ($base.bluegreen.cmdletMs - (@($base.steps.Values) | Measure-Object -Sum).Sum)
        & $line ("- **Deployment, N = {0}** (target: at most {1}x N = 1): {2:0.00}x ({3:0.00} s against {4:0.00} s; the seed {5:0.0}x). Against N = 1: {6}; outside the steps (lock, journal, the inventory before and after) {7:+0.00;-0.00} s. BlueGreen made {8} AWS calls (N = 1: {9})." -f
            $d.machines, $(if ($d.machines -eq 16) { 1.25 } else { 2 }), ($d.bluegreen.total.median / $base.bluegreen.total.median), ($d.bluegreen.total.median / 1000), ($base.bluegreen.total.median / 1000),
            ($d.seed.median / $base.seed.median), ($(if ($extra) { $extra -join ', ' } else { 'no step more than 0.1 s longer' })), ($outside / 1000), $d.bluegreen.awsCalls, $base.bluegreen.awsCalls)
    }
    foreach ($m in $r.maintenance) {
        & $line ("- **Maintenance window minus migration, {0}**: BlueGreen {1:0.000} s (window {2:0.000} s, migration {3:0.000} s); the seed {4:0.00} s (window {5:0.00} s, migration {6:0.00} s)." -f
            $m.case, ($m.bluegreen.median / 1000), ($m.bluegreenWindow.median / 1000), ($m.bluegreenMigration.median / 1000), ($m.seed.median / 1000), ($m.seedWindow.median / 1000), ($m.seedMigration.median / 1000))
    }
    foreach ($i in @($r.import | Where-Object launcher -EQ 'pwsh.dll')) {
        & $line ("- **Import-Module plus the first call, warm** (target: under 0.5 s): {0:0.00} s in the process (import {1:0.00} s, first call {2:0.00} s); the whole process {3:0.00} s, of which PowerShell's start and exit {4:0.00} s (an empty process: {5:0.00} s). Cold: {6:0.00} s in the process." -f
            (($i.warm.importMs + $i.warm.cmdletMs) / 1000), ($i.warm.importMs / 1000), ($i.warm.cmdletMs / 1000), ($i.warm.total.median / 1000), (($i.warm.processMs + $i.warm.exitMs) / 1000), ($i.bare.median / 1000), (($i.cold.importMs + $i.cold.cmdletMs) / 1000))
    }
    foreach ($q in @($r.requests | Where-Object tool -EQ 'BlueGreen')) {
        & $line ("- **Requests during a deployment without migrations** (target: none failed): BlueGreen {0} failed and {1} answered 503 of {2}; the seed {3}." -f $q.failed, $q.unavailable, $q.sent,
            $(if ($s5 = @($r.requests | Where-Object tool -EQ 'seed')) { "$($s5[0].failed) failed and $($s5[0].unavailable) answered 503 (maintenance mode, on for every machine through the shared state, $($s5[0].maintenanceSeconds) s) of $($s5[0].sent)" } else { 'not measured' }))
    }
    & $line ''

    & $line '## Where BlueGreen''s time goes'
    & $line ''
    & $line 'Medians, ms. Process start: from just before the process is started until the first line of the script runs (the .NET host, PowerShell''s start). Import: `Import-Module`. Cmdlet: the cmdlet''s call, of which AWS calls: the number of AWS API calls it made and the time from its first to its last. Exit: from the cmdlet''s return to the end of the process. The seed''s AWS calls are each one `/usr/bin/aws` process.'
    & $line ''
    & $line '| case | whole process | process start | import | cmdlet | AWS calls (first to last) | exit | seed''s AWS calls |'
    & $line '|---|---|---|---|---|---|---|---|'
    foreach ($s in $r.switch) { $b = $s.bluegreen; & $line "| switch, $($s.listeners) listener(s) | $($b.total.median) | $($b.processMs) | $($b.importMs) | $($b.cmdletMs) | $($b.awsCalls) ($($b.awsSpanMs)) | $($b.exitMs) | $($s.seedAwsCalls) |" }
    foreach ($d in $r.deploy) { $b = $d.bluegreen; & $line "| deployment, N = $($d.machines) | $($b.total.median) | $($b.processMs) | $($b.importMs) | $($b.cmdletMs) | $($b.awsCalls) ($($b.awsSpanMs)) | $($b.exitMs) | $($d.seedAwsCalls) |" }
    foreach ($i in $r.import) { foreach ($k in 'cold', 'warm') { $b = $i.$k; & $line "| import + first call, $($i.launcher), $k | $($b.total.median) | $($b.processMs) | $($b.importMs) | $($b.cmdletMs) | $($b.awsCalls) ($($b.awsSpanMs)) | $($b.exitMs) | |" } }
    & $line ''
    if ($r.import) {
        & $line ('An empty PowerShell process (`-NoProfile -Command exit`): ' + (($r.import | ForEach-Object { "$($_.launcher) $(Format-Seconds $_.bare)" }) -join '; ') + '.')
        & $line ''
    }
    $withCpu = @(@($r.switch) + @($r.deploy) | Where-Object { $_ -and $_.Contains('seedCpu') })
    if ($withCpu) {
        & $line '### CPU of each whole process tree (medians, s; 2 cores)'
        & $line ''
        & $line 'User + system CPU of the timed process and every process it waited for (the AWS CLI, the python fakes of docker-machine / docker, bash): on 2 cores a run cannot take less wall time than half its CPU. Fake calls: how many times the fakes ran in the last run.'
        & $line ''
        & $line '| case | seed CPU | seed fake calls | BlueGreen CPU | BlueGreen fake calls |'
        & $line '|---|---|---|---|---|'
        foreach ($s in $r.switch) { if ($s.Contains('seedCpu')) { & $line ("| switch, {0} listener(s) | {1:0.00} | | {2:0.00} | |" -f $s.listeners, ($s.seedCpu.median / 1000), ($s.bluegreenCpu.median / 1000)) } }
        foreach ($d in $r.deploy) { if ($d.Contains('seedCpu')) { & $line ("| deployment, N = {0} | {1:0.00} | {2} | {3:0.00} | {4} |" -f $d.machines, ($d.seedCpu.median / 1000), $d.seedFakeCalls, ($d.bluegreenCpu.median / 1000), $d.bluegreenFakeCalls) } }
        & $line ''
    }
    if ($r.deploy) {
        & $line '### Deployment steps (BlueGreen''s journal, medians, ms)'
        & $line ''
        $names = @($r.deploy | ForEach-Object { $_.steps.Keys } | Select-Object -Unique)
        & $line ('| N | ' + ($names -join ' | ') + ' |')
        & $line ('|---|' + (($names | ForEach-Object { '---' }) -join '|') + '|')
        foreach ($d in $r.deploy) { & $line ("| $($d.machines) | " + (($names | ForEach-Object { $d.steps[$_] }) -join ' | ') + ' |') }
        & $line ''
    }
    if ($r.maintenance) {
        & $line '### Maintenance window (medians, s)'
        & $line ''
        & $line '| case | seed window | seed migration | BlueGreen window | BlueGreen migration |'
        & $line '|---|---|---|---|---|'
        foreach ($m in $r.maintenance) { & $line ("| $($m.case) | {0:0.00} | {1:0.00} | {2:0.00} | {3:0.00} |" -f ($m.seedWindow.median / 1000), ($m.seedMigration.median / 1000), ($m.bluegreenWindow.median / 1000), ($m.bluegreenMigration.median / 1000)) }
        & $line ''
    }
    if ($r.switch) {
        & $line '### Correctness next to the timing'
        & $line ''
        foreach ($s in $r.switch) {
            $kept = if ($s.correct.seedRedirectKept) { 'kept' } else { 'rewritten into a forward to the idle group' }
            & $line "- $($s.listeners) listener(s): the seed's switch left the redirect listener $kept; BlueGreen's left it $(if ($s.correct.bluegreenRedirectKept) { 'a redirect' } else { '**changed**' }); every forwarding listener on the new group: seed $($s.correct.seedForwardsToGreen), BlueGreen $($s.correct.bluegreenForwardsToGreen)."
        }
        & $line ''
    }
    if ($r.notes) {
        & $line '## Notes'
        & $line ''
        foreach ($n in $r.notes) { & $line "- $n" }
        & $line ''
    }
    Set-Content -Path $Path -Value $md.ToString() -NoNewline
}

Export-ModuleMember -Function Get-Stat, ConvertTo-StepResult, Get-StepStat, Write-SwitchLatencySection, Write-BenchReport
