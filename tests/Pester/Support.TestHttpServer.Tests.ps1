# Start-TestHttpServer of Support/BlueGreenTestSupport.psm1: the local HTTP server smoke and health checks are tested
# against (a status per path, changed while it runs, a log of the requests with the X-BlueGreen-Preview header).
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force

    function Get-Status([string] $Url, [hashtable] $Headers = @{}) {
        (Invoke-WebRequest -Uri $Url -Headers $Headers -SkipHttpErrorCheck -TimeoutSec 10).StatusCode
    }
}

Describe 'Start-TestHttpServer' {
    BeforeAll {
        $script:Server = Start-TestHttpServer -Status @{ '/' = 200; '/healthz/' = 200; '/broken/' = 503 }
    }

    AfterAll {
        Stop-TestHttpServer $script:Server
    }

    BeforeEach {
        $script:Server.ClearRequests()
    }

    It 'listens on 127.0.0.1 on a free port' {
        $script:Server.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $script:Server.BaseUrl | Should -Be "http://127.0.0.1:$($script:Server.Port)"
        "$($script:Server)" | Should -Be $script:Server.BaseUrl
        $script:Server.IsRunning | Should -BeTrue
    }

    It 'answers each path with its status and the others with the default (404)' {
        Get-Status "$($script:Server.BaseUrl)/" | Should -Be 200
        Get-Status "$($script:Server.BaseUrl)/healthz/" | Should -Be 200
        Get-Status "$($script:Server.BaseUrl)/broken/" | Should -Be 503
        Get-Status "$($script:Server.BaseUrl)/healthz" | Should -Be 404
        Get-Status "$($script:Server.BaseUrl)/missing?x=1" | Should -Be 404
    }

    It 'changes a path''s status while it runs' {
        Get-Status "$($script:Server.BaseUrl)/healthz/" | Should -Be 200
        $script:Server.SetStatus('/healthz/', 500)
        Get-Status "$($script:Server.BaseUrl)/healthz/" | Should -Be 500
        $script:Server.SetStatus('/new/', 201)
        Get-Status "$($script:Server.BaseUrl)/new/" | Should -Be 201
        $script:Server.SetStatus('/healthz/', 200)
        Get-Status "$($script:Server.BaseUrl)/healthz/" | Should -Be 200
    }

    It 'logs each request''s method, path, query and X-BlueGreen-Preview header' {
        Get-Status "$($script:Server.BaseUrl)/healthz/" -Headers @{ 'X-BlueGreen-Preview' = 'green' } | Out-Null
        Invoke-WebRequest -Method Post -Uri "$($script:Server.BaseUrl)/?page=2" -Body 'x' -SkipHttpErrorCheck | Out-Null

        $requests = $script:Server.Requests
        @($requests).Count | Should -Be 2
        $requests[0].Method | Should -Be 'GET'
        $requests[0].Path | Should -Be '/healthz/'
        $requests[0].Preview | Should -Be 'green'
        $requests[1].Method | Should -Be 'POST'
        $requests[1].Path | Should -Be '/'
        $requests[1].Query | Should -Be '?page=2'
        $requests[1].Preview | Should -BeNullOrEmpty
    }
}

Describe 'Stop-TestHttpServer' {
    It 'stops the server and frees its port; stopping again does nothing' {
        $server = Start-TestHttpServer -DefaultStatus 204
        Get-Status "$($server.BaseUrl)/anything" | Should -Be 204

        Stop-TestHttpServer $server
        $server.IsRunning | Should -BeFalse
        { Invoke-WebRequest -Uri "$($server.BaseUrl)/" -TimeoutSec 5 } | Should -Throw
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $server.Port)
        try { { $probe.Start() } | Should -Not -Throw } finally { $probe.Stop() }
        { Stop-TestHttpServer $server } | Should -Not -Throw
    }
}
