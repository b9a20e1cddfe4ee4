# Deadline: 450 s (about 80 s on an idle 2-core machine, 200 s with 4 files at a time: most tests read every route back with the AWS CLI)
# Switch-BgTargetGroup against the sandbox's seeded world, read back with the official AWS CLI.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Project = @{ Project = 'demo'; LoadBalancer = 'bluegreen-demo' }

    function Get-Forwarding {
        # listener port / rule priority -> target group names with weights, read by the AWS CLI.
        $groups = @{}
        (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups).TargetGroups | ForEach-Object { $groups[$_.TargetGroupArn] = $_.TargetGroupName }
        $lb = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $map = [ordered]@{}
        foreach ($listener in (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Sort-Object Port) {
            foreach ($rule in (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-rules --listener-arn $listener.ListenerArn).Rules) {
                $action = $rule.Actions | Where-Object Type -in 'forward', 'redirect', 'fixed-response' | Select-Object -First 1
                $text = switch ($action.Type) {
                    'forward' {
                        if ($action.ForwardConfig -and @($action.ForwardConfig.TargetGroups).Count -gt 1) {
                            ($action.ForwardConfig.TargetGroups | ForEach-Object { "$($groups[$_.TargetGroupArn])=$($_.Weight)" }) -join ','
                        }
                        elseif ($action.TargetGroupArn) { $groups[$action.TargetGroupArn] }
                        else { $groups[$action.ForwardConfig.TargetGroups[0].TargetGroupArn] }
                    }
                    default { $action.Type }
                }
                $map["$($listener.Port)/$($rule.Priority)"] = $text
            }
        }
        $map
    }

    function Add-PreviewRule([string] $GroupName) {
        # The rule that keeps the idle group attached (and so health-checked): header X-BlueGreen-Preview.
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names $GroupName).TargetGroups[0]
        $lb = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $https = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Where-Object Port -eq 443
        $existing = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-rules --listener-arn $https.ListenerArn).Rules | Where-Object Priority -eq '1'
        if (-not $existing) {
            Invoke-AwsJson $Sandbox.Endpoint elbv2 create-rule --listener-arn $https.ListenerArn --priority 1 `
                --conditions 'Field=http-header,HttpHeaderConfig={HttpHeaderName=X-BlueGreen-Preview,Values=[1]}' `
                --actions "Type=forward,TargetGroupArn=$($tg.TargetGroupArn)" | Out-Null
        }
    }

    function Register-Healthy([string] $GroupName, [int] $Count = 1) {
        Add-PreviewRule $GroupName
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names $GroupName).TargetGroups[0]
        $instances = (Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count $Count).Instances
        Invoke-AwsJson $Sandbox.Endpoint elbv2 register-targets --target-group-arn $tg.TargetGroupArn --targets ($instances | ForEach-Object { "Id=$($_.InstanceId)" }) | Out-Null
        Wait-Until -Because "$GroupName targets to be healthy" {
            $health = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions
            @($health | Where-Object { $_.TargetHealth.State -eq 'healthy' }).Count -ge $Count
        }
    }

    $script:Start = [ordered]@{ '80/default' = 'bluegreen-demo-blue'; '443/1' = 'bluegreen-demo-green'; '443/10' = 'bluegreen-demo-blue'; '443/default' = 'bluegreen-demo-blue'; '8080/default' = 'redirect' }
}

AfterAll {
    Stop-BgSandbox
}

Describe 'Switch-BgTargetGroup' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
    }

    It 'starts from the seeded world: HTTP and HTTPS forward to blue, a path rule forwards to blue, the preview rule to green, 8080 redirects' {
        $forwarding = Get-Forwarding
        $forwarding.Keys | Should -Be @($Start.Keys)
        foreach ($key in $Start.Keys) { $forwarding[$key] | Should -Be $Start[$key] }
    }

    It 'refuses to switch to a group with no healthy target, changing nothing' {
        $before = $Sandbox.GetStateJson()
        { Switch-BgTargetGroup @Project -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupNoHealthyTarget,*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'explains that targets of a group no listener uses are never health-checked' {
        $lb = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $https = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Where-Object Port -eq 443
        $preview = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-rules --listener-arn $https.ListenerArn).Rules | Where-Object Priority -eq '1'
        $blue = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-blue).TargetGroups[0]
        Invoke-AwsJson $Sandbox.Endpoint elbv2 modify-rule --rule-arn $preview.RuleArn --actions "Type=forward,TargetGroupArn=$($blue.TargetGroupArn)" | Out-Null
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        $instance = (Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1).Instances[0]
        Invoke-AwsJson $Sandbox.Endpoint elbv2 register-targets --target-group-arn $tg.TargetGroupArn --targets "Id=$($instance.InstanceId)" | Out-Null
        $caught = $null
        try { Switch-BgTargetGroup @Project -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SwitchBgTargetGroupNoHealthyTarget,*'
        $caught.Exception.Message | Should -Match "'unused'"
        $caught.Exception.Message | Should -Match 'X-BlueGreen-Preview'
        $caught.CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'switches with -Force despite no healthy target, warning about it' {
        $changes = Switch-BgTargetGroup @Project -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $changes | Should -HaveCount 4
        $warnings | Should -Match 'no healthy target'
    }

    It 'switches both forwarding listeners and the path rule, leaves the redirect alone, and emits what changed' {
        Register-Healthy bluegreen-demo-green
        $changes = Switch-BgTargetGroup @Project

        $changes | Should -HaveCount 4
        $changes | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Traffic.RouteChange' }
        ($changes | ForEach-Object { "$($_.Listener) $($_.Rule)" } | Sort-Object) | Should -Be @('HTTP:80 default', 'HTTPS:443 1', 'HTTPS:443 10', 'HTTPS:443 default')
        $changes.Status | Sort-Object -Unique | Should -Be 'Applied'
        $after = Get-Forwarding
        $after['80/default'] | Should -Be 'bluegreen-demo-green'
        $after['443/default'] | Should -Be 'bluegreen-demo-green'
        $after['443/10'] | Should -Be 'bluegreen-demo-green'
        $after['8080/default'] | Should -Be 'redirect'
        $after['443/1'] | Should -Be 'bluegreen-demo-blue' -Because 'the preview rule follows the idle group, keeping it health-checked'
        (Get-BgTargetGroup @Project -Role Live).Name | Should -Be 'bluegreen-demo-green'
        (Get-BgTargetGroup @Project -Role Idle).HealthyCount | Should -Be 2 -Because 'the old live machines stay health-checked for a rollback'
    }

    It 'switching twice returns to the start' {
        Register-Healthy bluegreen-demo-green
        Switch-BgTargetGroup @Project | Out-Null
        Switch-BgTargetGroup @Project | Out-Null
        $after = Get-Forwarding
        foreach ($key in $Start.Keys) { $after[$key] | Should -Be $Start[$key] }
        (Get-BgTargetGroup @Project -Role Live).Name | Should -Be 'bluegreen-demo-blue'
    }

    It '-Weight 10 gives 90/10 on every forwarding route, then completing makes green live' {
        Register-Healthy bluegreen-demo-green
        Switch-BgTargetGroup @Project -Weight 10 | Should -HaveCount 3
        $after = Get-Forwarding
        foreach ($key in '80/default', '443/default', '443/10') { $after[$key] | Should -Be 'bluegreen-demo-blue=90,bluegreen-demo-green=10' }
        $after['8080/default'] | Should -Be 'redirect'
        $groups = Get-BgTargetGroup @Project
        $groups.Role | Sort-Object -Unique | Should -Be 'Split'
        ($groups | Where-Object Name -eq 'bluegreen-demo-green').Weight | Should -Be 10
        ($groups | Where-Object Name -eq 'bluegreen-demo-green').IsIncoming | Should -BeTrue

        Switch-BgTargetGroup @Project -Weight 50 | Should -HaveCount 3
        (Get-Forwarding)['80/default'] | Should -Be 'bluegreen-demo-blue=50,bluegreen-demo-green=50'
        (Get-BgTargetGroup @Project | Where-Object IsIncoming).Name | Should -Be 'bluegreen-demo-green'

        Switch-BgTargetGroup @Project | Should -HaveCount 4
        (Get-Forwarding)['443/10'] | Should -Be 'bluegreen-demo-green'
        (Get-BgTargetGroup @Project -Role Live).Name | Should -Be 'bluegreen-demo-green'
    }

    It '-WaitForHealthy waits for newly registered targets, then switches' {
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        $instance = (Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1).Instances[0]
        Invoke-AwsJson $Sandbox.Endpoint elbv2 register-targets --target-group-arn $tg.TargetGroupArn --targets "Id=$($instance.InstanceId)" | Out-Null
        Switch-BgTargetGroup @Project -WaitForHealthy -HealthTimeoutSec 60 | Should -HaveCount 4
        (Get-BgTargetGroup @Project -Role Live).Name | Should -Be 'bluegreen-demo-green'
    }

    It '-WaitForHealthy gives up after -HealthTimeoutSec, naming the unhealthy target, and changes nothing' {
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        $instance = (Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1).Instances[0]
        Invoke-AwsJson $Sandbox.Endpoint elbv2 register-targets --target-group-arn $tg.TargetGroupArn --targets "Id=$($instance.InstanceId)" | Out-Null
        $Sandbox.SetTargetHealth($tg.TargetGroupArn, $instance.InstanceId, 'unhealthy', 'Target.FailedHealthChecks', 'Health checks failed', $null)
        $before = $Sandbox.GetStateJson()
        $caught = $null
        try { Switch-BgTargetGroup @Project -WaitForHealthy -HealthTimeoutSec 2 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SwitchBgTargetGroupHealthTimeout,*'
        $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $caught.Exception.Message | Should -Match ([regex]::Escape("$($instance.InstanceId) unhealthy"))
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It '-WhatIf leaves the whole sandbox state byte-identical' {
        Register-Healthy bluegreen-demo-green
        $Sandbox.ClearRequests()
        $before = $Sandbox.GetStateJson()
        Switch-BgTargetGroup @Project -WhatIf | Should -BeNullOrEmpty
        Switch-BgTargetGroup @Project -Weight 10 -WhatIf | Should -BeNullOrEmpty
        $Sandbox.GetStateJson() | Should -BeExactly $before
        @($Sandbox.Requests | Where-Object { $_.Action -in 'ModifyListener', 'ModifyRule', 'AddTags', 'RemoveTags' }).Count | Should -Be 0
    }

    It 'retries throttling injected on ModifyListener and succeeds' {
        Register-Healthy bluegreen-demo-green
        $Sandbox.ClearRequests()
        $Sandbox.FailNext('ModifyListener', 2, 'Throttling') | Out-Null
        Switch-BgTargetGroup @Project | Should -HaveCount 4
        @($Sandbox.Requests | Where-Object Action -eq 'ModifyListener').Count | Should -Be 4   # 2 throttled + 2 listeners
        (Get-Forwarding)['80/default'] | Should -Be 'bluegreen-demo-green'
    }

    It 'puts changed routes back when one of the changes sent at once fails, and says so' {
        Register-Healthy bluegreen-demo-green
        # Every ModifyRule fails (retries included); the two listeners' changes land and are put back.
        $Sandbox.FailRandomly('ModifyRule', 1, 'InternalFailure', 500) | Out-Null
        $caught = $null
        try { Switch-BgTargetGroup @Project -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SwitchBgTargetGroupSwitchFailed,*'
        $caught.Exception.Message | Should -Match 'put back'
        $Sandbox.ClearFaults()
        $after = Get-Forwarding
        foreach ($key in $Start.Keys) { $after[$key] | Should -Be $Start[$key] }
    }

    It 'works unchanged against an explicit -EndpointUrl, which wins over AWS_ENDPOINT_URL*' {
        Register-Healthy bluegreen-demo-green
        $saved = $env:AWS_ENDPOINT_URL, $env:AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2
        try {
            $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9/'
            $env:AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 = 'http://127.0.0.1:9/'
            Switch-BgTargetGroup @Project -EndpointUrl $Sandbox.Endpoint | Should -HaveCount 4
        }
        finally {
            $env:AWS_ENDPOINT_URL, $env:AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 = $saved
        }
        (Get-Forwarding)['80/default'] | Should -Be 'bluegreen-demo-green'
    }
}

Describe 'Switch-BgTargetGroup refuses ambiguity and changes nothing' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        Register-Healthy bluegreen-demo-green
        $script:lbArn = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0].LoadBalancerArn
        $script:green = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
    }

    It 'a load balancer that does not exist' {
        $before = $Sandbox.GetStateJson()
        { Switch-BgTargetGroup -Project demo -LoadBalancer no-such-alb -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupLoadBalancerNotFound,*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'no tagged group' {
        $before = $Sandbox.GetStateJson()
        { Switch-BgTargetGroup -Project nothing-tagged -LoadBalancer bluegreen-demo -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupTargetGroupNotFound,*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'one tagged group' {
        Invoke-AwsJson $Sandbox.Endpoint elbv2 remove-tags --resource-arns $green.TargetGroupArn --tag-keys bluegreen:project | Out-Null
        $before = $Sandbox.GetStateJson()
        { Switch-BgTargetGroup @Project -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupTargetGroupNotFound,*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'more than two tagged groups' {
        $vpc = $green.VpcId
        $third = (Invoke-AwsJson $Sandbox.Endpoint elbv2 create-target-group --name bluegreen-demo-extra --protocol HTTP --port 80 --vpc-id $vpc --tags 'Key=bluegreen:project,Value=demo').TargetGroups[0]
        $before = $Sandbox.GetStateJson()
        $caught = $null
        try { Switch-BgTargetGroup @Project -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SwitchBgTargetGroupAmbiguousTargetGroups,*'
        $caught.Exception.Message | Should -Match 'bluegreen-demo-extra'
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'a listener forwarding to a third group' {
        $third = (Invoke-AwsJson $Sandbox.Endpoint elbv2 create-target-group --name admin --protocol HTTP --port 80 --vpc-id $green.VpcId).TargetGroups[0]
        $listener = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn $lbArn).Listeners | Where-Object Port -eq 80
        Invoke-AwsJson $Sandbox.Endpoint elbv2 modify-listener --listener-arn $listener.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($third.TargetGroupArn)" | Out-Null
        $before = $Sandbox.GetStateJson()
        $caught = $null
        try { Switch-BgTargetGroup @Project -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SwitchBgTargetGroupForeignTargetGroup,*'
        $caught.Exception.Message | Should -Match 'HTTP:80'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'listeners that disagree about which group is live' {
        $listener = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-listeners --load-balancer-arn $lbArn).Listeners | Where-Object Port -eq 80
        Invoke-AwsJson $Sandbox.Endpoint elbv2 modify-listener --listener-arn $listener.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($green.TargetGroupArn)" | Out-Null
        $before = $Sandbox.GetStateJson()
        { Switch-BgTargetGroup @Project -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupMixedRoutes,*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'a bad -EndpointUrl' {
        { Switch-BgTargetGroup @Project -EndpointUrl 'ftp://x' -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchBgTargetGroupInvalidEndpointUrl,*'
    }
}
