# Deadline: 60 s
# How demo/TrafficLoop.psm1 classifies what a listener answers (the demo, the zero-downtime tests and the bench count
# requests with it): a stub HTTP server on 127.0.0.1 answers, in turn, 200 from release 2, the maintenance page's 503,
# 500 from release 3, 500 from release 2, a 500 without the release header and a 502. Only the 500s of a release named
# in -ServerErrorRelease are set apart (ServerError); every other 500 stays Failed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../demo/TrafficLoop.psm1') -Force

    # Start-TestHttpServer (Support/BlueGreenTestSupport.psm1) answers a status per path; these answers need headers
    # and bodies too. A port the system just handed out may be taken first: try again with a new one.
    $script:Listener = $null
    for ($attempt = 1; -not $Listener; $attempt++) {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $candidate = [System.Net.HttpListener]::new()
        $candidate.Prefixes.Add("http://127.0.0.1:$port/")
        try { $candidate.Start(); $script:Listener = $candidate; $script:Url = "http://127.0.0.1:$port/" }
        catch [System.Net.HttpListenerException] { $candidate.Close(); if ($attempt -ge 5) { throw } }
    }
    $script:Server = [powershell]::Create()
    [void] $Server.AddScript({
            param($Listener)
            $answers = @(
                @{ Status = 200; Release = '2'; Body = '{"release": "2"}' }
                @{ Status = 503; Release = $null; Body = '<h1>Down for maintenance</h1>' }
                @{ Status = 500; Release = '3'; Body = '{"release": "3", "error": "server error"}' }
                @{ Status = 500; Release = '2'; Body = '{"release": "2", "error": "server error"}' }
                @{ Status = 500; Release = $null; Body = '<h1>Server Error (500)</h1>' }
                @{ Status = 502; Release = $null; Body = 'Bad Gateway' }
            )
            $i = 0
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                $answer = $answers[$i++ % $answers.Count]
                $context.Response.StatusCode = $answer.Status
                if ($answer.Release) { $context.Response.Headers.Add('X-Shop-Release', $answer.Release) }
                $bytes = [Text.Encoding]::UTF8.GetBytes($answer.Body)
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($Listener)
    $script:ServerRun = $Server.BeginInvoke()

    function Invoke-Loop([string[]] $ServerErrorRelease = @()) {
        # One request at a time, until two rounds of the six answers are in.
        $loop = Start-TrafficLoop -Url $Url -Concurrency 1 -IntervalMilliseconds 0 -ServerErrorRelease $ServerErrorRelease
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (@(Get-TrafficResult $loop).Count -lt 12 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        Stop-TrafficLoop $loop
    }

    function Get-Kind($Results, [int] $Status, [string] $Release) {
        @($Results | Where-Object { $_.Status -eq $Status -and "$($_.Release)" -eq $Release } | ForEach-Object Kind | Sort-Object -Unique)
    }
}

AfterAll {
    $Listener.Stop()
    $Listener.Close()
    try { [void] $Server.EndInvoke($ServerRun) } catch { Write-Verbose "The stub server ended: $_" }
    $Server.Dispose()
}

Describe 'TrafficLoop' {
    It 'sets apart the 500s of the releases named in -ServerErrorRelease (by their release header), and only those' {
        $results = Invoke-Loop -ServerErrorRelease '3'
        $results.Count | Should -BeGreaterOrEqual 12

        Get-Kind $results 200 '2' | Should -Be 'Served'
        Get-Kind $results 503 '' | Should -Be 'Maintenance'
        Get-Kind $results 500 '3' | Should -Be 'ServerError'
        Get-Kind $results 500 '2' | Should -Be 'Failed' -Because 'a 500 from a release not named is a failure'
        Get-Kind $results 500 '' | Should -Be 'Failed' -Because 'a 500 that names no release is a failure'
        Get-Kind $results 502 '' | Should -Be 'Failed'

        $summary = Measure-TrafficResult $results
        $summary.ServerError500 | Should -Be @($results | Where-Object Kind -EQ 'ServerError').Count
        $summary.ServerError500 | Should -BeGreaterOrEqual 2
        @($summary.ServerError500ByRelease.Keys) | Should -Be @('3')
        $summary.Failed | Should -Be @($results | Where-Object Kind -EQ 'Failed').Count
        $summary.Sent | Should -Be ($summary.Served + $summary.Maintenance503 + $summary.ServerError500 + $summary.Failed)
    }

    It 'counts every 500 as Failed when no release is named' {
        $results = Invoke-Loop
        Get-Kind $results 500 '3' | Should -Be 'Failed'
        (Measure-TrafficResult $results).ServerError500 | Should -Be 0
    }
}
