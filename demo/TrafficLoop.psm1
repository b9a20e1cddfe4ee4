<#
    A steady stream of real HTTP requests through a load balancer listener, in the background, and what became of each:
    served, answered 503 by maintenance mode, answered 500 by a release known to fail, or failed. Used by the demo
    (build.ps1 Demo), the zero-downtime tests and the benchmarks, so the three count requests the same way.

    Classification of one request:
      Served       a 2xx or 3xx answer;
      Maintenance  a 503 whose body contains -MaintenanceMarker (django-maintenance-mode's page, or the load balancer's
                   fixed maintenance response): the planned, announced window;
      ServerError  a 500 from the app itself, whose release header (-ReleaseHeader) names one of -ServerErrorRelease:
                   a release deployed knowing it fails (the demo's release 3, sent through a canary to be caught).
                   Users really saw these errors; they are counted apart, not hidden. Empty by default: then every
                   500 is Failed;
      Failed       anything else: another status (a 500 from any other release or without the header, a 502/503/504
                   from the load balancer: no healthy target, connection refused, timeout), or no answer at all.
#>

Set-StrictMode -Version Latest

$script:LoopScript = {
    param($State)
    $handler = [System.Net.Http.SocketsHttpHandler]::new()
    # A fresh connection for each request, as many clients of a site make: a switch or a drain is then seen at once
    # rather than hidden behind one kept-alive connection.
    $handler.PooledConnectionLifetime = [TimeSpan]::Zero
    $handler.AllowAutoRedirect = $false
    $client = [System.Net.Http.HttpClient]::new($handler)
    $client.Timeout = $State.Timeout
    $clock = $State.Clock
    try {
        while (-not $State.Stop.IsSet) {
            $startedMs = $clock.Elapsed.TotalMilliseconds
            $status = 0
            $release = $null
            $body = ''
            $errorText = $null
            try {
                $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $State.Url)
                $request.Headers.ConnectionClose = $true
                $response = $client.SendAsync($request).GetAwaiter().GetResult()
                $status = [int] $response.StatusCode
                $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
                $values = $null
                if ($response.Headers.TryGetValues($State.ReleaseHeader, [ref] $values)) { $release = @($values)[0] }
                $response.Dispose()
            }
            catch {
                $errorText = $_.Exception.GetBaseException().Message
            }
            $kind = if ($status -ge 200 -and $status -lt 400) { 'Served' }
                elseif ($status -eq 503 -and $State.MaintenanceMarker -and $body.Contains($State.MaintenanceMarker)) { 'Maintenance' }
                elseif ($status -eq 500 -and $release -and $State.ServerErrorRelease -contains $release) { 'ServerError' }
                else { 'Failed' }
            $State.Results.Enqueue([pscustomobject]@{
                AtMs = [math]::Round($startedMs, 1)
                DurationMs = [math]::Round($clock.Elapsed.TotalMilliseconds - $startedMs, 1)
                Kind = $kind
                Status = $status
                Release = $release
                Error = if ($errorText) { $errorText } elseif ($kind -eq 'Failed') { "HTTP $status" + $(if ($body) { ': ' + $body.Substring(0, [math]::Min(120, $body.Length)).Trim() } else { '' }) } else { $null }
            })
            $wait = $State.IntervalMs - ($clock.Elapsed.TotalMilliseconds - $startedMs)
            if ($wait -gt 0) { [void] $State.Stop.Wait([int] $wait) }
        }
    }
    finally {
        $client.Dispose()
    }
}

function Start-TrafficLoop {
    <#
    .SYNOPSIS
        Starts sending GET requests to -Url from -Concurrency background runspaces, one every -IntervalMilliseconds
        each, until Stop-TrafficLoop.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [uri] $Url,
        [ValidateRange(1, 16)] [int] $Concurrency = 2,
        [ValidateRange(0, 10000)] [int] $IntervalMilliseconds = 25,
        [TimeSpan] $Timeout = [TimeSpan]::FromSeconds(10),
        [string] $MaintenanceMarker = 'Down for maintenance',
        [string] $ReleaseHeader = 'X-Shop-Release',
        # Releases whose own 500s (the release header names them) are counted as ServerError, apart from Failed.
        [string[]] $ServerErrorRelease = @()
    )
    if (-not $Url.IsAbsoluteUri -or $Url.Host -notin '127.0.0.1', 'localhost') {
        throw "Start-TrafficLoop sends traffic to loopback listeners only (127.0.0.1); got '$Url'."
    }
    $state = [pscustomobject]@{
        Url = $Url
        IntervalMs = $IntervalMilliseconds
        Timeout = $Timeout
        MaintenanceMarker = $MaintenanceMarker
        ReleaseHeader = $ReleaseHeader
        ServerErrorRelease = @($ServerErrorRelease)
        Stop = [System.Threading.ManualResetEventSlim]::new($false)
        Results = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        Clock = [Diagnostics.Stopwatch]::StartNew()
        StartedAt = [DateTimeOffset]::UtcNow
    }
    $workers = foreach ($i in 1..$Concurrency) {
        $shell = [powershell]::Create()
        [void] $shell.AddScript($script:LoopScript.ToString()).AddArgument($state)
        [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
    }
    [pscustomobject]@{ PSTypeName = 'BlueGreen.Demo.TrafficLoop'; State = $state; Workers = @($workers); Marks = [System.Collections.Generic.List[object]]::new() }
}

function Add-TrafficMark {
    <# .SYNOPSIS Notes a named moment (e.g. 'Start-BgDeployment began') on the loop's clock, for the summary. #>
    param([Parameter(Mandatory)] $Loop, [Parameter(Mandatory)] [string] $Name)
    $Loop.Marks.Add([pscustomobject]@{ Name = $Name; AtMs = [math]::Round($Loop.State.Clock.Elapsed.TotalMilliseconds, 1) })
}

function Get-TrafficResult {
    <# .SYNOPSIS The requests answered so far (a copy; the loop goes on). #>
    param([Parameter(Mandatory)] $Loop)
    @($Loop.State.Results.ToArray() | Sort-Object AtMs)
}

function Measure-TrafficResult {
    <#
    .SYNOPSIS
        Sums up requests: sent, served, maintenance 503s, 500s of the releases known to fail (ServerError), failed, by
        release, and the maintenance window (from the first maintenance 503 to the end of the last one, for each run of
        them without a served request between).
    #>
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Result, [double] $FromMs = 0, [double] $ToMs = [double]::MaxValue)
    $slice = @($Result | Where-Object { $_.AtMs -ge $FromMs -and $_.AtMs -le $ToMs })
    $windows = [System.Collections.Generic.List[object]]::new()
    $open = $null
    foreach ($r in $slice) {
        if ($r.Kind -eq 'Maintenance') {
            if (-not $open) { $open = [pscustomobject]@{ FromMs = $r.AtMs; ToMs = $r.AtMs + $r.DurationMs; Requests = 0 } }
            $open.ToMs = $r.AtMs + $r.DurationMs
            $open.Requests++
        }
        elseif ($r.Kind -eq 'Served' -and $open) { $windows.Add($open); $open = $null }
    }
    if ($open) { $windows.Add($open) }
    $byRelease = [ordered]@{}
    foreach ($group in ($slice | Where-Object Kind -EQ 'Served' | Group-Object { if ($_.Release) { $_.Release } else { '?' } } | Sort-Object Name)) {
        $byRelease[$group.Name] = $group.Count
    }
    $serverErrorByRelease = [ordered]@{}
    foreach ($group in ($slice | Where-Object Kind -EQ 'ServerError' | Group-Object Release | Sort-Object Name)) {
        $serverErrorByRelease[$group.Name] = $group.Count
    }
    $failed = @($slice | Where-Object Kind -EQ 'Failed')
    $totalMs = 0.0
    $longestMs = 0.0
    foreach ($window in $windows) {
        $length = $window.ToMs - $window.FromMs
        $totalMs += $length
        if ($length -gt $longestMs) { $longestMs = $length }
    }
    [pscustomobject]@{
        PSTypeName = 'BlueGreen.Demo.TrafficSummary'
        Sent = $slice.Count
        Served = @($slice | Where-Object Kind -EQ 'Served').Count
        Maintenance503 = @($slice | Where-Object Kind -EQ 'Maintenance').Count
        ServerError500 = @($slice | Where-Object Kind -EQ 'ServerError').Count
        Failed = $failed.Count
        ServedByRelease = $byRelease
        ServerError500ByRelease = $serverErrorByRelease
        MaintenanceWindows = $windows.Count
        MaintenanceWindowSeconds = [math]::Round($totalMs / 1000, 2)
        LongestMaintenanceWindowSeconds = [math]::Round($longestMs / 1000, 2)
        FirstFailures = @($failed | Select-Object -First 5 | ForEach-Object { '{0:N1} s: {1}' -f ($_.AtMs / 1000), $_.Error })
    }
}

function Stop-TrafficLoop {
    <# .SYNOPSIS Stops the loop, waits for its requests in flight, and returns every request answered. #>
    param([Parameter(Mandatory)] $Loop)
    $Loop.State.Stop.Set()
    foreach ($worker in $Loop.Workers) {
        try { [void] $worker.Shell.EndInvoke($worker.Handle) }
        catch { Write-Warning "A traffic loop worker failed: $($_.Exception.GetBaseException().Message)" }
        finally { $worker.Shell.Dispose() }
    }
    Get-TrafficResult $Loop
}

Export-ModuleMember -Function Start-TrafficLoop, Stop-TrafficLoop, Add-TrafficMark, Get-TrafficResult, Measure-TrafficResult
