# Deadline: 300 s
# A canary judged by the load balancer's metrics, end to end: Local machines (gunicorn serving the example shop)
# behind the sandbox's data plane, traffic through its listener, and a release 3 whose /reports/ page answers 500.
# The data plane counts what it really serves; the canary's metric check reads it through GetMetricData and sends the
# release back; the official AWS CLI reads the same figures from the sandbox's CloudWatch.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LocalWorldSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../demo/TrafficLoop.psm1') -Force
    Use-TestAwsEnvironment
    $script:World = New-LocalWorld -Name metrics -BakeTimeSeconds 2
    $script:Config = $World.Config
    # Metric checks on 1-second periods (the sandbox's), judged from 5 requests on.
    (Get-Content -Raw $Config) -replace '(?m)^    Deployment = @\{', "    Analysis = @{ PeriodSeconds = 1; MinRequestCount = 5; MaxErrorRatePercent = 5 }`n    Deployment = @{" |
        Set-Content -Path $Config
    Start-LiveRelease $World | Out-Null
}

AfterAll {
    Remove-LocalWorld $World
}

Describe 'A canary judged by its load balancer metrics' -Tag Gunicorn, Django {
    It 'sends back a release whose /reports/ page answers 500, within two check intervals, and says why with the figures' {
        # Release 3: the front page works, /reports/ answers 500 (release 1 answers it 404: a 4xx, not counted).
        Set-AppRelease $World '3'
        Add-Content -Path (Join-Path $World.App 'config/urls.py') -Value @'

from django.http import HttpResponseServerError  # noqa: E402

urlpatterns.append(path('reports/', lambda request: HttpResponseServerError('reports are broken in release 3')))
'@
        $pages = Start-TrafficLoop -Url $World.SiteUrl -Concurrency 2 -IntervalMilliseconds 40
        $reports = Start-TrafficLoop -Url ([uri]::new([uri] $World.SiteUrl, 'reports/')) -Concurrency 1 -IntervalMilliseconds 40
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            $failure = $null
            try { Start-BgDeployment -ConfigPath $Config -Release 3 -CanaryWeight 50 -CanaryDuration 00:00:20 -Confirm:$false -ErrorAction Stop | Out-Null }
            catch { $failure = $_ }
        }
        finally {
            $null = Stop-TrafficLoop $pages
            $null = Stop-TrafficLoop $reports
        }
        Write-Host "Canary of a release answering 500 on /reports/: Start-BgDeployment took $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s"

        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Match '^StartBgDeploymentDeploymentRolledBack'
        $deployment = Get-BgDeployment -ConfigPath $Config -First 1
        $deployment.Status | Should -Be 'RolledBack'
        $watch = $deployment.Steps | Where-Object Name -EQ 'WatchCanary' | Select-Object -Last 1
        $watch.Outcome | Should -Be 'Failed'
        # CheckIntervalSeconds is 1 in this world: caught within two intervals of the watch's start.
        ($watch.EndedAt - $watch.StartedAt).TotalSeconds | Should -BeLessOrEqual 2.9
        $deployment.RollbackReason | Should -Match "Canary 50% .* Failed \(5xx rate [0-9.]+% over the 5% allowed\): [0-9]+ of [0-9]+ requests 5xx"
        $deployment.Verdicts[-1] | Should -Match 'Failed'
        Write-Host "  verdict: $($deployment.Verdicts[-1])"
        (Get-BgTargetGroup -ConfigPath $Config | Where-Object Name -EQ 'bluegreen-demo-blue').Weight | Should -Be 100
        ($deployment | Format-Table | Out-String -Width 400) | Should -Match '5xx rate'

        # The AWS CLI reads the same metrics: the green group's target 5xx, and the load balancer's requests.
        $lb = (Invoke-AwsJson -Endpoint $World.Sandbox.Endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $green = (Invoke-AwsJson -Endpoint $World.Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        $dimensions = @(
            @{ Name = 'LoadBalancer'; Value = ($lb.LoadBalancerArn -split ':loadbalancer/')[1] }
            @{ Name = 'TargetGroup'; Value = 'targetgroup/' + ($green.TargetGroupArn -split ':targetgroup/')[1] }
        )
        $queries = @(
            @{ Id = 'errors'; MetricStat = @{ Metric = @{ Namespace = 'AWS/ApplicationELB'; MetricName = 'HTTPCode_Target_5XX_Count'; Dimensions = $dimensions }; Period = 60; Stat = 'Sum' } }
            @{ Id = 'requests'; MetricStat = @{ Metric = @{ Namespace = 'AWS/ApplicationELB'; MetricName = 'RequestCount'; Dimensions = $dimensions }; Period = 1; Stat = 'Sum' } }
            @{ Id = 'p90'; MetricStat = @{ Metric = @{ Namespace = 'AWS/ApplicationELB'; MetricName = 'TargetResponseTime'; Dimensions = $dimensions }; Period = 60; Stat = 'p90' } }
        ) | ConvertTo-Json -Depth 8 -Compress
        $start = [DateTime]::UtcNow.AddMinutes(-10).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $end = [DateTime]::UtcNow.AddMinutes(1).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $data = Invoke-AwsJson -Endpoint $World.Sandbox.Endpoint cloudwatch get-metric-data --metric-data-queries $queries --start-time $start --end-time $end
        $errors = ($data.MetricDataResults | Where-Object Id -EQ 'errors').Values | Measure-Object -Sum
        $requests = ($data.MetricDataResults | Where-Object Id -EQ 'requests').Values | Measure-Object -Sum
        $errors.Sum | Should -BeGreaterThan 0
        $requests.Sum | Should -BeGreaterThan $errors.Sum
        ($data.MetricDataResults | Where-Object Id -EQ 'requests').Values.Count | Should -BeGreaterThan 0 -Because '1-second periods'
        @(($data.MetricDataResults | Where-Object Id -EQ 'p90').Values)[0] | Should -BeGreaterThan 0
        Write-Host "  aws cloudwatch get-metric-data: green served $($requests.Sum) requests, $($errors.Sum) answered 5xx"
    }
}
