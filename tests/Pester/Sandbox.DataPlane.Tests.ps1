# Deadline: 300 s (about 30 s on an idle 2-core machine: some 60 AWS CLI commands)
# The sandbox's data plane: real HTTP(S) through each listener's local port to real servers on 127.0.0.1 (small
# Python backends), real health checks, and at each step what the official AWS CLI reports at the same moment.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    # Health checks ten times faster than AWS: a 5 s interval checks every 0.5 s.
    $script:Sandbox = Start-BgSandbox -HealthCheckTimeScale 0.1

    function Invoke-Aws { BlueGreenTestSupport\Invoke-Aws -Endpoint $script:Sandbox.Endpoint @args }
    function Invoke-AwsJson { BlueGreenTestSupport\Invoke-AwsJson -Endpoint $script:Sandbox.Endpoint @args }

    function Start-Backend([string] $Name) {
        # A threaded HTTP server on 127.0.0.1 that names itself in X-Backend (Support/test_backend.py); it ends when
        # its stdin closes, so a crashed test run leaves nothing behind.
        $start = [Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        $start.ArgumentList.Add((Join-Path $PSScriptRoot 'Support/test_backend.py'))
        $start.ArgumentList.Add($Name)
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Name = $Name; Port = [int] $process.StandardOutput.ReadLine(); Process = $process }
    }

    $script:Http = [System.Net.Http.HttpClient]::new([System.Net.Http.SocketsHttpHandler]@{ AllowAutoRedirect = $false; UseProxy = $false })
    function Send-Request {
        # One request through the data plane; returns Status, Backend (X-Backend), Location, ContentType and Body.
        param([uri] $Url, [string] $Path = '/', [string] $HostName = 'shop.example.com', [hashtable] $Header = @{})
        $request = [System.Net.Http.HttpRequestMessage]::new('GET', [uri]::new($Url, $Path))
        $request.Headers.Host = $HostName
        foreach ($name in $Header.Keys) { $request.Headers.Add($name, [string] $Header[$name]) }
        $response = $script:Http.SendAsync($request).GetAwaiter().GetResult()
        [pscustomobject]@{
            Status      = [int] $response.StatusCode
            Backend     = if ($response.Headers.Contains('X-Backend')) { @($response.Headers.GetValues('X-Backend'))[0] } else { $null }
            Location    = $response.Headers.Location
            ContentType = $response.Content.Headers.ContentType
            Body        = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        }
    }

    function Get-Stats($Backend) { Invoke-RestMethod "http://127.0.0.1:$($Backend.Port)/_stats" }

    function Get-Health([string] $TargetGroupArn) {
        # What the AWS CLI reports for the group's targets.
        @((Invoke-AwsJson elbv2 describe-target-health --target-group-arn $TargetGroupArn).TargetHealthDescriptions)
    }

    function Wait-SandboxHealth([string] $TargetGroupArn, [string] $State, [int] $Count = 1) {
        # Waits on the in-process object (fast), so that the CLI can then be asked once.
        Wait-Until -TimeoutSeconds 20 -Because "$Count target(s) of $TargetGroupArn to be $State" -Condition {
            @($script:Sandbox.GetTargetHealth($TargetGroupArn) | Where-Object { $_.Value.State -eq $State }).Count -ge $Count
        }
    }

    function New-Group([string] $Name, [int] $HealthyThreshold = 2) {
        (Invoke-AwsJson elbv2 create-target-group --name $Name --protocol HTTP --port 80 --target-type ip --vpc-id $script:Sandbox.VpcId `
            --health-check-path /health --health-check-interval-seconds 5 --health-check-timeout-seconds 2 `
            --healthy-threshold-count $HealthyThreshold --unhealthy-threshold-count 2).TargetGroups[0]
    }

    $script:Backends = @{}
    foreach ($name in 'blue1', 'blue2', 'green1', 'h1', 'd1', 'd2', 'spare1') { $script:Backends[$name] = Start-Backend $name }
    $script:Lb = (Invoke-AwsJson elbv2 create-load-balancer --name shop --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1]).LoadBalancers[0]
    $script:Blue = New-Group shop-blue
    $script:Green = New-Group shop-green
    Invoke-AwsJson elbv2 register-targets --target-group-arn $script:Blue.TargetGroupArn --targets "Id=127.0.0.1,Port=$($script:Backends.blue1.Port)" "Id=127.0.0.1,Port=$($script:Backends.blue2.Port)" | Out-Null
    Invoke-AwsJson elbv2 register-targets --target-group-arn $script:Green.TargetGroupArn --targets "Id=127.0.0.1,Port=$($script:Backends.green1.Port)" | Out-Null
    $script:Http80 = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $script:Lb.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($script:Blue.TargetGroupArn)").Listeners[0]
    $script:Url80 = $script:Sandbox.GetListenerUrl($script:Http80.ListenerArn)
}

AfterAll {
    Stop-BgSandbox -All
    foreach ($backend in $script:Backends.Values) { $backend.Process.StandardInput.Close(); $null = $backend.Process.WaitForExit(5000) }
    if ($script:Http) { $script:Http.Dispose() }
}

Describe 'The sandbox data plane' -Tag AwsCli {
    It 'binds each listener to a local port on 127.0.0.1 and shows it on the sandbox object' {
        $script:Sandbox.DataPlaneStatus | Should -Be 'Running'
        $binding = @($script:Sandbox.DataPlaneListeners | Where-Object ListenerArn -eq $script:Http80.ListenerArn)
        $binding.Count | Should -Be 1
        $binding[0].LoadBalancerName | Should -Be 'shop'
        $binding[0].Protocol | Should -Be 'HTTP'
        $binding[0].Port | Should -Be 80
        $binding[0].LocalUrl.Host | Should -Be '127.0.0.1'
        $script:Url80 | Should -Be $binding[0].LocalUrl
        (Get-BgSandbox -Current | Format-Table | Out-String -Width 400) | Should -Match ([regex]::Escape("shop HTTP:80 $($binding[0].LocalUrl)"))
    }

    It 'forwards round-robin to the healthy targets, with the client''s Host and ALB''s X-Forwarded headers' {
        Wait-SandboxHealth $script:Blue.TargetGroupArn healthy 2
        @(Get-Health $script:Blue.TargetGroupArn | ForEach-Object { $_.TargetHealth.State }) | Should -Be @('healthy', 'healthy')

        $answers = 1..6 | ForEach-Object { Send-Request $script:Url80 "/items?id=$_" }
        @($answers.Status | Select-Object -Unique) | Should -Be @(200)
        @($answers.Backend | Group-Object | ForEach-Object Count) | Should -Be @(3, 3)
        $answers[0].Backend | Should -Not -Be $answers[1].Backend
        $echo = $answers[0].Body | ConvertFrom-Json
        $echo.path | Should -Be '/items'
        $echo.query | Should -Be 'id=1'
        $echo.headers.host | Should -Be 'shop.example.com'
        $echo.headers.'x-forwarded-for' | Should -Be '127.0.0.1'
        $echo.headers.'x-forwarded-proto' | Should -Be 'http'
        $echo.headers.'x-forwarded-port' | Should -Be '80'
    }

    It 'splits a weighted forward 80/20 over 300 requests' {
        Invoke-AwsJson elbv2 modify-listener --listener-arn $script:Http80.ListenerArn --default-actions (
            '[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"' + $script:Blue.TargetGroupArn + '","Weight":80},{"TargetGroupArn":"' + $script:Green.TargetGroupArn + '","Weight":20}]}}]') | Out-Null
        Wait-SandboxHealth $script:Green.TargetGroupArn healthy 1
        $groups = (Invoke-AwsJson elbv2 describe-listeners --listener-arns $script:Http80.ListenerArn).Listeners[0].DefaultActions[0].ForwardConfig.TargetGroups
        @($groups.Weight) | Should -Be @(80, 20)

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $backends = foreach ($i in 1..300) {
            $response = $script:Http.GetAsync($script:Url80).GetAwaiter().GetResult()
            @($response.Headers.GetValues('X-Backend'))[0]
            $response.Dispose()
        }
        $perRequest = $clock.Elapsed.TotalMilliseconds / 300
        $green = @($backends | Where-Object { $_ -eq 'green1' }).Count
        @($backends | Where-Object { $_ -notin 'blue1', 'blue2', 'green1' }).Count | Should -Be 0
        # 60 expected; the binomial standard deviation is 6.9: this allows 4 of them either side.
        $green | Should -BeGreaterThan 32
        $green | Should -BeLessThan 88
        Write-Host ("    80/20: green got {0} of 300; {1:N1} ms a request through the data plane (client, proxy and Python backend)" -f $green, $perRequest)
    }

    It 'routes by a preview header, a path and a host rule in priority order, else the default action' {
        Invoke-AwsJson elbv2 modify-listener --listener-arn $script:Http80.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($script:Blue.TargetGroupArn)" | Out-Null
        $arn = $script:Http80.ListenerArn
        Invoke-AwsJson elbv2 create-rule --listener-arn $arn --priority 10 --conditions 'Field=http-header,HttpHeaderConfig={HttpHeaderName=X-BlueGreen-Preview,Values=[green]}' `
            --actions "Type=forward,TargetGroupArn=$($script:Green.TargetGroupArn)" | Out-Null
        Invoke-AwsJson elbv2 create-rule --listener-arn $arn --priority 20 --conditions 'Field=path-pattern,Values=/api/*' `
            --actions '[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"200","ContentType":"application/json","MessageBody":"{\"api\":true}"}}]' | Out-Null
        Invoke-AwsJson elbv2 create-rule --listener-arn $arn --priority 30 --conditions 'Field=host-header,Values=admin.*' `
            --actions 'Type=fixed-response,FixedResponseConfig={StatusCode=403,ContentType=text/plain,MessageBody=no admin here}' | Out-Null
        $rules = (Invoke-AwsJson elbv2 describe-rules --listener-arn $arn).Rules
        @($rules.Priority) | Should -Be @('10', '20', '30', 'default')

        (Send-Request $script:Url80 '/api/items' -Header @{ 'x-bluegreen-preview' = 'green' }).Backend | Should -Be 'green1'
        $api = Send-Request $script:Url80 '/api/items'
        ($api.Status, $api.ContentType.MediaType, $api.Body) | Should -Be @(200, 'application/json', '{"api":true}')
        (Send-Request $script:Url80 '/API/items').Backend | Should -BeIn @('blue1', 'blue2')
        $admin = Send-Request $script:Url80 '/' -HostName 'ADMIN.example.com'
        ($admin.Status, $admin.Body) | Should -Be @(403, 'no admin here')
        (Send-Request $script:Url80 '/' -HostName 'shop.example.com').Backend | Should -BeIn @('blue1', 'blue2')
    }

    It 'redirects as ALB builds the Location' {
        $redirect = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $script:Lb.LoadBalancerArn --protocol HTTP --port 8080 `
                --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}').Listeners[0]
        (Invoke-AwsJson elbv2 describe-listeners --listener-arns $redirect.ListenerArn).Listeners[0].DefaultActions[0].RedirectConfig.Host | Should -Be '#{host}'

        $answer = Send-Request $script:Sandbox.GetListenerUrl($redirect.ListenerArn) '/cart/items?page=2'
        $answer.Status | Should -Be 301
        $answer.Location | Should -Be 'https://shop.example.com/cart/items?page=2'
    }

    It 'terminates TLS on an HTTPS listener with the sandbox''s certificate' {
        $https = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $script:Lb.LoadBalancerArn --protocol HTTPS --port 443 `
                --certificates 'CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/0f3d5a52-sandbox' `
                --default-actions "Type=forward,TargetGroupArn=$($script:Blue.TargetGroupArn)").Listeners[0]
        $url = $script:Sandbox.GetListenerUrl($https.ListenerArn)
        $url.Scheme | Should -Be 'https'
        $script:Sandbox.DataPlaneCertificatePath | Should -Exist

        $body = & /usr/bin/curl -sS --fail --cacert $script:Sandbox.DataPlaneCertificatePath "$($url)tls" 2>&1
        $LASTEXITCODE | Should -Be 0
        $echo = $body | ConvertFrom-Json
        $echo.headers.'x-forwarded-proto' | Should -Be 'https'
        $echo.headers.'x-forwarded-port' | Should -Be '443'
        # Without trusting the sandbox's certificate, curl refuses it (60: peer certificate cannot be authenticated).
        & /usr/bin/curl -sS -o /dev/null "$($url)tls" 2>$null
        $LASTEXITCODE | Should -Be 60
    }

    It 'health checks a target from initial to healthy to unhealthy, and fails open while all are unhealthy' {
        $group = New-Group shop-health -HealthyThreshold 10
        Invoke-AwsJson elbv2 create-rule --listener-arn $script:Http80.ListenerArn --priority 40 --conditions 'Field=path-pattern,Values=/health-demo/*' `
            --actions "Type=forward,TargetGroupArn=$($group.TargetGroupArn)" | Out-Null
        $registered = [Diagnostics.Stopwatch]::StartNew()
        Invoke-AwsJson elbv2 register-targets --target-group-arn $group.TargetGroupArn --targets "Id=127.0.0.1,Port=$($script:Backends.h1.Port)" | Out-Null
        # Ten passes 0.5 s apart take 4.5 s: the CLI sees the first state even on a loaded machine (with five, a
        # CLI run slower than 2 s, seen on 2 busy cores, already found the target healthy).
        $initial = (Get-Health $group.TargetGroupArn)[0].TargetHealth
        ($initial.State, $initial.Reason) | Should -Be @('initial', 'Elb.InitialHealthChecking')

        Wait-SandboxHealth $group.TargetGroupArn healthy
        $toHealthy = $registered.Elapsed.TotalSeconds
        (Get-Health $group.TargetGroupArn)[0].TargetHealth.State | Should -Be 'healthy'
        $toHealthy | Should -BeGreaterThan 4.4
        (Get-Stats $script:Backends.h1).health_checks | Should -BeGreaterOrEqual 10

        Invoke-RestMethod "http://127.0.0.1:$($script:Backends.h1.Port)/_status/500" | Out-Null
        $failing = [Diagnostics.Stopwatch]::StartNew()
        Wait-SandboxHealth $group.TargetGroupArn unhealthy
        $failing.Elapsed.TotalSeconds | Should -BeLessThan 8
        $unhealthy = (Get-Health $group.TargetGroupArn)[0].TargetHealth
        ($unhealthy.State, $unhealthy.Reason, $unhealthy.Description) | Should -Be @('unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [500]')
        # ALB fails open: with no healthy target, every registered one gets traffic.
        (Send-Request $script:Url80 '/health-demo/page').Backend | Should -Be 'h1'
        Write-Host ("    health transitions: initial -> healthy in {0:N1} s, healthy -> unhealthy in {1:N1} s" -f $toHealthy, $failing.Elapsed.TotalSeconds)
    }

    It 'drains: a request in flight finishes after deregistration while new requests go to the new target' {
        $group = New-Group shop-drain
        Invoke-AwsJson elbv2 modify-target-group-attributes --target-group-arn $group.TargetGroupArn --attributes 'Key=deregistration_delay.timeout_seconds,Value=30' | Out-Null
        $attributes = (Invoke-AwsJson elbv2 describe-target-group-attributes --target-group-arn $group.TargetGroupArn).Attributes
        ($attributes | Where-Object Key -eq 'deregistration_delay.timeout_seconds').Value | Should -Be '30'
        Invoke-AwsJson elbv2 create-rule --listener-arn $script:Http80.ListenerArn --priority 50 --conditions 'Field=path-pattern,Values=/drain/*' `
            --actions "Type=forward,TargetGroupArn=$($group.TargetGroupArn)" | Out-Null
        $d1 = "Id=127.0.0.1,Port=$($script:Backends.d1.Port)"
        Invoke-AwsJson elbv2 register-targets --target-group-arn $group.TargetGroupArn --targets $d1 | Out-Null

        $heldRequest = [System.Net.Http.HttpRequestMessage]::new('GET', [uri]::new($script:Url80, '/drain/hold'))
        $inFlight = $script:Http.SendAsync($heldRequest)
        Wait-Until -TimeoutSeconds 10 -Because 'd1 to be holding the request' -Condition { (Get-Stats $script:Backends.d1).in_flight -eq 1 }
        Invoke-AwsJson elbv2 register-targets --target-group-arn $group.TargetGroupArn --targets "Id=127.0.0.1,Port=$($script:Backends.d2.Port)" | Out-Null
        Invoke-AwsJson elbv2 deregister-targets --target-group-arn $group.TargetGroupArn --targets $d1 | Out-Null

        @(1..5 | ForEach-Object { (Send-Request $script:Url80 '/drain/now').Backend } | Select-Object -Unique) | Should -Be @('d2')
        $states = Get-Health $group.TargetGroupArn
        ($states | Where-Object { $_.Target.Port -eq $script:Backends.d1.Port }).TargetHealth.State | Should -Be 'draining'
        # The request that was in flight at deregistration is still open (not cut off by the table change) ...
        $inFlight.IsCompleted | Should -BeFalse
        (Get-Stats $script:Backends.d1).in_flight | Should -Be 1
        # ... and finishes normally once its server answers.
        Invoke-RestMethod "http://127.0.0.1:$($script:Backends.d1.Port)/release" | Out-Null
        $response = $inFlight.GetAwaiter().GetResult()
        [int] $response.StatusCode | Should -Be 200
        @($response.Headers.GetValues('X-Backend'))[0] | Should -Be 'd1'
    }

    It 'reports a group no listener uses as unused and never checks it' {
        $group = New-Group shop-spare
        Invoke-AwsJson elbv2 register-targets --target-group-arn $group.TargetGroupArn --targets "Id=127.0.0.1,Port=$($script:Backends.spare1.Port)" | Out-Null
        $health = (Get-Health $group.TargetGroupArn)[0].TargetHealth
        ($health.State, $health.Reason) | Should -Be @('unused', 'Target.NotInUse')
        (Get-Stats $script:Backends.spare1).health_checks | Should -Be 0
    }

    It 'answers 502 for a simulated machine and 503 for a group without targets, as ALB does' {
        $simulated = New-Group shop-simulated
        $empty = New-Group shop-empty
        Invoke-AwsJson elbv2 create-rule --listener-arn $script:Http80.ListenerArn --priority 60 --conditions 'Field=path-pattern,Values=/simulated' `
            --actions "Type=forward,TargetGroupArn=$($simulated.TargetGroupArn)" | Out-Null
        Invoke-AwsJson elbv2 create-rule --listener-arn $script:Http80.ListenerArn --priority 70 --conditions 'Field=path-pattern,Values=/empty' `
            --actions "Type=forward,TargetGroupArn=$($empty.TargetGroupArn)" | Out-Null
        Invoke-AwsJson elbv2 register-targets --target-group-arn $simulated.TargetGroupArn --targets 'Id=198.51.100.7,Port=80' | Out-Null

        $bad = Send-Request $script:Url80 '/simulated'
        $bad.Status | Should -Be 502
        $bad.Body | Should -Match '<title>502 Bad Gateway</title>'
        $unavailable = Send-Request $script:Url80 '/empty'
        $unavailable.Status | Should -Be 503
        $unavailable.Body | Should -Match '<h1>503 Service Temporarily Unavailable</h1>'
        # A simulated machine keeps the sandbox's timeline (initial for 1 s, then healthy).
        Wait-SandboxHealth $simulated.TargetGroupArn healthy
        (Get-Health $simulated.TargetGroupArn)[0].TargetHealth.State | Should -Be 'healthy'
        @(Get-Health $empty.TargetGroupArn).Count | Should -Be 0
    }
}

Describe 'The data plane process' -Tag AwsCli {
    It 'starts with a seeded world''s listeners and stops with the sandbox, taking its certificate with it' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $sandbox = Start-BgSandbox -Seed
        $started = $clock.Elapsed.TotalSeconds
        try {
            $sandbox.DataPlaneStatus | Should -Be 'Running'
            @($sandbox.DataPlaneListeners | ForEach-Object { "$($_.Protocol):$($_.Port)" }) | Should -Be @('HTTP:80', 'HTTPS:443', 'HTTP:8080')
            # The demo's instances are simulated machines (10.x addresses): never contacted, 502 through the listener.
            (Send-Request $sandbox.DataPlaneListeners[0].LocalUrl '/').Status | Should -Be 502
            $childId = $sandbox.DataPlaneProcessId
            Get-Process -Id $childId | Should -Not -BeNullOrEmpty
            $certificate = $sandbox.DataPlaneCertificatePath
            $certificate | Should -Exist
            # The PFX (the private key) is gone once the data plane loaded it: a killed sandbox leaves no key behind.
            Join-Path (Split-Path $certificate) 'dataplane.pfx' | Should -Not -Exist
            Write-Host ("    Start-BgSandbox -Seed with its data plane: {0:N2} s" -f $started)
        }
        finally { Stop-BgSandbox -Sandbox $sandbox }

        $sandbox.DataPlaneStatus | Should -Be 'Stopped'
        Get-Process -Id $childId -ErrorAction Ignore | Should -BeNullOrEmpty
        $certificate | Should -Not -Exist
    }

    It 'ends at once when the PowerShell that started it is killed (kill -9)' {
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
        $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
        foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
                "Import-Module '$env:BLUEGREEN_MODULE'; `$s = Start-BgSandbox -Seed; [Console]::Out.WriteLine(`$s.DataPlaneProcessId); [Console]::Out.Flush(); Start-Sleep 60")) {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $parent = [Diagnostics.Process]::Start($start)
        try {
            $childId = [int] $parent.StandardOutput.ReadLine()
            $child = Get-Process -Id $childId
            $parent.Kill()
            $child.WaitForExit(5000) | Should -BeTrue -Because 'the data plane exits when its stdin closes'
        }
        finally { if (-not $parent.HasExited) { $parent.Kill() } }
    }

    It 'notices a data plane killed under it: Failed, saying what to do, and the AWS API keeps answering' {
        $sandbox = Start-BgSandbox -Seed
        try {
            $sandbox.DataPlaneStatus | Should -Be 'Running'
            Stop-Process -Id $sandbox.DataPlaneProcessId -Force
            Wait-Until -TimeoutSeconds 5 -Because 'the sandbox to notice that its data plane ended' -Condition { $sandbox.DataPlaneStatus -eq 'Failed' }
            $sandbox.DataPlaneProblem | Should -Match 'ended unexpectedly.*Start-BgSandbox'
            @($sandbox.DataPlaneListeners).Count | Should -Be 0
            $clock = [Diagnostics.Stopwatch]::StartNew()
            @((BlueGreenTestSupport\Invoke-AwsJson -Endpoint $sandbox.Endpoint elbv2 describe-load-balancers).LoadBalancers).Count | Should -BeGreaterThan 0
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        }
        finally { Stop-BgSandbox -Sandbox $sandbox }
    }

    It 'fails at once, saying why, when the data plane process ends before it answers' {
        # A stand-in for dotnet that reads the configure line and exits without a word (as a child that crashes does):
        # its stdin took the line, so only the end of its stdout can tell the sandbox that no answer will come.
        $fake = Join-Path ([IO.Path]::GetTempPath()) "bg-fake-dotnet-$([guid]::NewGuid().ToString('N'))"
        Set-Content -LiteralPath $fake -Value "#!/bin/sh`nread line`nexit 3`n"
        chmod +x $fake
        $previous = $env:DOTNET_HOST_PATH
        $env:DOTNET_HOST_PATH = $fake
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $sandbox = Start-BgSandbox -Seed -WarningAction SilentlyContinue
            $env:DOTNET_HOST_PATH = $previous
            try {
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'a child that has ended is not waited for until the 30 s start timeout'
                $sandbox.DataPlaneStatus | Should -Be 'Failed'
                $sandbox.DataPlaneProblem | Should -Match 'ended with exit code 3'
            }
            finally { Stop-BgSandbox -Sandbox $sandbox }
        }
        finally {
            $env:DOTNET_HOST_PATH = $previous
            Remove-Item -LiteralPath $fake
        }
    }

    It 'starts no process for a sandbox without listeners' {
        $sandbox = Start-BgSandbox
        try {
            $sandbox.DataPlaneStatus | Should -Be 'Idle'
            $sandbox.DataPlaneProcessId | Should -BeNullOrEmpty
            @($sandbox.DataPlaneListeners).Count | Should -Be 0
        }
        finally { Stop-BgSandbox -Sandbox $sandbox }
    }

    It 'is off with -NoDataPlane: the AWS API works, listeners get no local port' {
        $sandbox = Start-BgSandbox -NoDataPlane -Seed
        try {
            $sandbox.DataPlaneStatus | Should -Be 'Off'
            @($sandbox.DataPlaneListeners).Count | Should -Be 0
            (BlueGreenTestSupport\Invoke-AwsJson -Endpoint $sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn (
                BlueGreenTestSupport\Invoke-AwsJson -Endpoint $sandbox.Endpoint elbv2 describe-load-balancers).LoadBalancers[0].LoadBalancerArn).Listeners.Count | Should -Be 3
        }
        finally { Stop-BgSandbox -Sandbox $sandbox }
    }
}
