BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    $env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-test-config'
    $env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-test-credentials'
    $script:Variables = 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_SSM'
}

Describe 'Start-BgSandbox' -Tag AwsCli {
    AfterEach { Stop-BgSandbox -All }

    It 'returns a running sandbox on 127.0.0.1 and points the AWS environment at it' {
        $env:AWS_PROFILE = 'production'
        $env:AWS_ENDPOINT_URL_SSM = 'https://ssm.example.invalid'
        $sandbox = Start-BgSandbox -Region eu-west-1

        $sandbox.GetType().FullName | Should -Be 'BlueGreen.Sandbox.AwsSandbox'
        $sandbox.IsRunning | Should -BeTrue
        $sandbox.Endpoint.Host | Should -Be '127.0.0.1'
        $sandbox.Region | Should -Be 'eu-west-1'
        $endpoint = $sandbox.Endpoint.GetLeftPart('Authority')
        $env:AWS_ENDPOINT_URL | Should -Be $endpoint
        $env:AWS_ENDPOINT_URL_EC2 | Should -Be $endpoint
        $env:AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 | Should -Be $endpoint
        $env:AWS_ACCESS_KEY_ID | Should -Be 'test'
        $env:AWS_SECRET_ACCESS_KEY | Should -Be 'test'
        $env:AWS_REGION | Should -Be 'eu-west-1'
        $env:AWS_DEFAULT_REGION | Should -Be 'eu-west-1'
        $env:AWS_EC2_METADATA_DISABLED | Should -Be 'true'
        $env:AWS_PROFILE | Should -BeNullOrEmpty
        # The sandbox speaks SSM too: a foreign SSM endpoint is replaced by the sandbox's.
        $env:AWS_ENDPOINT_URL_SSM | Should -Be $endpoint
        Get-BgSandbox -Current | Should -Be $sandbox
    }

    It 'starts an empty world by default, answering the AWS CLI in its region' {
        $sandbox = Start-BgSandbox -Region eu-west-1
        $sandbox.Scenario | Should -Be 'Empty'
        $json = /usr/bin/aws elbv2 describe-load-balancers --endpoint-url "$($sandbox.Endpoint)" --output json | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        @($json.LoadBalancers).Count | Should -Be 0
        ($sandbox.Requests | Select-Object -Last 1).SigningRegion | Should -Be 'eu-west-1'
        ($sandbox.Requests | Select-Object -Last 1).AccessKeyId | Should -Be 'test'
    }

    It 'seeds the demo world with -Seed' {
        $sandbox = Start-BgSandbox -Seed
        # Read through the kept-loaded AWS CLI (the code behind /usr/bin/aws, without a process start per call).
        $endpoint = "$($sandbox.Endpoint)"
        $groups = (Invoke-AwsJson $endpoint elbv2 describe-target-groups).TargetGroups
        @($groups.TargetGroupName) | Should -Be @('bluegreen-demo-blue', 'bluegreen-demo-green')
        $tags = (Invoke-AwsJson $endpoint elbv2 describe-tags --resource-arns $groups[0].TargetGroupArn $groups[1].TargetGroupArn).TagDescriptions
        @($tags | ForEach-Object { ($_.Tags | Where-Object Key -eq 'bluegreen:project').Value }) | Should -Be @('demo', 'demo')
        $lb = (Invoke-AwsJson $endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $listeners = (Invoke-AwsJson $endpoint elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners
        @($listeners | ForEach-Object { "$($_.Protocol):$($_.Port)=$($_.DefaultActions[0].Type)" }) | Should -Be @('HTTP:80=forward', 'HTTPS:443=forward', 'HTTP:8080=redirect')
        ($listeners | Where-Object Port -eq 443).DefaultActions[0].TargetGroupArn | Should -Be $groups[0].TargetGroupArn
        $rules = (Invoke-AwsJson $endpoint elbv2 describe-rules --listener-arn ($listeners | Where-Object Port -eq 443).ListenerArn).Rules
        ($rules | Where-Object Priority -eq '10').Conditions[0].Values | Should -Be '/api/*'
        ($rules | Where-Object Priority -eq '1').Conditions[0].HttpHeaderConfig.HttpHeaderName | Should -Be 'X-BlueGreen-Preview'
        $health = (Invoke-AwsJson $endpoint elbv2 describe-target-health --target-group-arn $groups[0].TargetGroupArn).TargetHealthDescriptions
        @($health.TargetHealth.State) | Should -Be @('healthy', 'healthy')
        $instances = (Invoke-AwsJson $endpoint ec2 describe-instances --filters 'Name=tag:bluegreen:project,Values=demo').Reservations.Instances
        @($instances.InstanceId) | Should -Be @($health.Target.Id)
        @($instances | ForEach-Object { ($_.Tags | Where-Object Key -eq 'Name').Value }) | Should -Match '^demo-[0-9a-f]{8}$'
    }

    It 'listens on the given -Port' {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        (Start-BgSandbox -Port $port).Endpoint.Port | Should -Be $port
        { Start-BgSandbox -Port $port -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgSandboxCannotListen,BlueGreen.PowerShell.Cmdlets.Sandbox.StartBgSandboxCommand'
    }

    It 'fails the same calls for the same -RandomSeed with FailRandomly' {
        $statuses = foreach ($run in 1, 2) {
            $sandbox = Start-BgSandbox -RandomSeed 42
            $sandbox.FailRandomly('DescribeTargetGroups', 0.5, 'Throttling') | Out-Null
            # Raw Query requests: no client retries, so each call is one draw.
            (1..20 | ForEach-Object {
                (Invoke-WebRequest -Method Post -Uri $sandbox.Endpoint -ContentType 'application/x-www-form-urlencoded' `
                    -Body 'Action=DescribeTargetGroups&Version=2015-12-01' -SkipHttpErrorCheck).StatusCode
            }) -join ','
            Stop-BgSandbox $sandbox
        }
        $statuses[0] | Should -Be $statuses[1]
        $statuses[0] | Should -Match '400'
        $statuses[0] | Should -Match '200'
    }

    It 'changes nothing with -WhatIf' {
        $before = $script:Variables | ForEach-Object { [Environment]::GetEnvironmentVariable($_) }
        Start-BgSandbox -WhatIf | Should -BeNullOrEmpty
        Get-BgSandbox | Should -BeNullOrEmpty
        $script:Variables | ForEach-Object { [Environment]::GetEnvironmentVariable($_) } | Should -Be $before
    }

    It 'shows a short table by default and has help with examples' {
        $table = Start-BgSandbox | Out-String
        $table | Should -Match 'Endpoint\s+Region\s+Scenario'
        (Get-Command Start-BgSandbox).OutputType.Name | Should -Contain 'BlueGreen.Sandbox.AwsSandbox'
        @((Get-Help Start-BgSandbox -Examples).Examples.Example).Count | Should -BeGreaterOrEqual 2
    }
}
