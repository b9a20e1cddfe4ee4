# Deadline: 300 s (about 80 s on an idle 2-core machine: some 130 AWS CLI commands, through the kept-loaded CLI)
# Fidelity of the sandbox's ELBv2, EC2 and CloudWatch Query protocol, checked with the official AWS CLI (Debian's /usr/bin/aws v2):
# what the CLI reads back, its error codes and exit statuses, pagination, idempotency and retries on injected faults.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force

    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    # Never reach real AWS: no config or credentials files, dummy credentials, every call pinned to the sandbox.
    Use-TestAwsEnvironment
    # Timings long enough to see each state through the CLI (each call takes a second or two), short enough to wait for.
    $script:Sandbox = Start-BgSandbox -TargetRegistrationTime '00:00:06' -DeregistrationDelay '00:00:06' -InstanceBootTime '00:00:06'

    # The official CLI pinned to this file's sandbox (see Support/BlueGreenTestSupport.psm1).
    function Invoke-Aws { BlueGreenTestSupport\Invoke-Aws -Endpoint $script:Sandbox.Endpoint @args }
    function Invoke-AwsJson { BlueGreenTestSupport\Invoke-AwsJson -Endpoint $script:Sandbox.Endpoint @args }

    function New-DemoLoadBalancer {
        # A load balancer with blue and green target groups, as a BlueGreen project has them.
        param([string] $Name = 'web')
        $lb = (Invoke-AwsJson elbv2 create-load-balancer --name $Name --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1] --tags "Key=bluegreen:project,Value=$Name").LoadBalancers[0]
        $blue = (Invoke-AwsJson elbv2 create-target-group --name "$Name-blue" --protocol HTTP --port 80 --vpc-id $script:Sandbox.VpcId --health-check-path /health/).TargetGroups[0]
        $green = (Invoke-AwsJson elbv2 create-target-group --name "$Name-green" --protocol HTTP --port 80 --vpc-id $script:Sandbox.VpcId).TargetGroups[0]
        [pscustomobject]@{ LoadBalancer = $lb; Blue = $blue; Green = $green }
    }

    function New-Instance {
        param([int] $Count = 1, [string] $Name = 'web')
        (Invoke-AwsJson ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count $Count `
            --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$Name},{Key=bluegreen:project,Value=demo}]").Instances
    }
}

AfterAll {
    Stop-BgSandbox -All
}

Describe 'ELBv2 load balancers and target groups' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Empty') }

    It 'creates a load balancer with an AWS-format ARN, provisioning, then active' {
        $lb = (Invoke-AwsJson elbv2 create-load-balancer --name alpha --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1]).LoadBalancers[0]
        $lb.LoadBalancerArn | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:\d{12}:loadbalancer/app/alpha/[0-9a-f]{16}$'
        $lb.State.Code | Should -Be 'provisioning'
        $lb.Type | Should -Be 'application'
        $lb.Scheme | Should -Be 'internet-facing'
        $lb.DNSName | Should -Match '^alpha-\d+\.us-east-1\.elb\.amazonaws\.com$'
        @($lb.AvailabilityZones.ZoneName) | Should -Be @('us-east-1a', 'us-east-1b')

        $described = (Invoke-AwsJson elbv2 describe-load-balancers --names alpha).LoadBalancers
        @($described).Count | Should -Be 1
        $described[0].LoadBalancerArn | Should -Be $lb.LoadBalancerArn
        $described[0].State.Code | Should -Be 'active'
    }

    It 'returns the same load balancer for the same settings and DuplicateLoadBalancerName for others' {
        $first = (Invoke-AwsJson elbv2 create-load-balancer --name beta --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1]).LoadBalancers[0]
        $again = (Invoke-AwsJson elbv2 create-load-balancer --name beta --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1]).LoadBalancers[0]
        $again.LoadBalancerArn | Should -Be $first.LoadBalancerArn
        Assert-AwsError DuplicateLoadBalancerName CreateLoadBalancer (Invoke-Aws elbv2 create-load-balancer --name beta --scheme internal --subnets $script:Sandbox.SubnetIds[0] $script:Sandbox.SubnetIds[1])
    }

    It 'validates what the real service validates' {
        Assert-AwsError ValidationError CreateLoadBalancer (Invoke-Aws elbv2 create-load-balancer --name one-subnet --subnets $script:Sandbox.SubnetIds[0])
        Assert-AwsError SubnetNotFound CreateLoadBalancer (Invoke-Aws elbv2 create-load-balancer --name bad-subnet --subnets subnet-0000000000000000a subnet-0000000000000000b)
        Assert-AwsError ValidationError CreateTargetGroup (Invoke-Aws elbv2 create-target-group --name bad-name- --protocol HTTP --port 80 --vpc-id $script:Sandbox.VpcId)
        Assert-AwsError ValidationError CreateTargetGroup (Invoke-Aws elbv2 create-target-group --name no-vpc --protocol HTTP --port 80)
    }

    It 'reports LoadBalancerNotFound and TargetGroupNotFound' {
        Assert-AwsError LoadBalancerNotFound DescribeLoadBalancers (Invoke-Aws elbv2 describe-load-balancers --names does-not-exist)
        Assert-AwsError TargetGroupNotFound DescribeTargetGroups (Invoke-Aws elbv2 describe-target-groups --names does-not-exist)
        Assert-AwsError TargetGroupNotFound DescribeTargetGroups (Invoke-Aws elbv2 describe-target-groups --target-group-arns 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef')
    }

    It 'creates target groups with the service defaults and DuplicateTargetGroupName for other settings' {
        $tg = (Invoke-AwsJson elbv2 create-target-group --name gamma-blue --protocol HTTP --port 8000 --vpc-id $script:Sandbox.VpcId --tags 'Key=bluegreen:color,Value=blue').TargetGroups[0]
        $tg.TargetGroupArn | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:\d{12}:targetgroup/gamma-blue/[0-9a-f]{16}$'
        $tg.HealthCheckPath | Should -Be '/'
        $tg.HealthCheckPort | Should -Be 'traffic-port'
        $tg.HealthCheckIntervalSeconds | Should -Be 30
        $tg.Matcher.HttpCode | Should -Be '200'
        $tg.TargetType | Should -Be 'instance'
        @($tg.LoadBalancerArns).Count | Should -Be 0
        Assert-AwsError DuplicateTargetGroupName CreateTargetGroup (Invoke-Aws elbv2 create-target-group --name gamma-blue --protocol HTTP --port 9000 --vpc-id $script:Sandbox.VpcId)
    }

    It 'paginates DescribeTargetGroups with Marker and NextMarker' {
        1..5 | ForEach-Object { Invoke-AwsJson elbv2 create-target-group --name "page-$_" --protocol HTTP --port 80 --vpc-id $script:Sandbox.VpcId | Out-Null }
        $expected = @((Invoke-AwsJson elbv2 describe-target-groups).TargetGroups.TargetGroupName)
        $script:Sandbox.ClearRequests()

        # --page-size is ELBv2's own PageSize member, so the CLI pages manually: follow NextMarker as a script would.
        $names = @(); $marker = $null; $pages = 0
        do {
            $arguments = @('elbv2', 'describe-target-groups', '--page-size', '2')
            if ($marker) { $arguments += @('--marker', $marker) }
            $page = Invoke-AwsJson @arguments
            $names += $page.TargetGroups.TargetGroupName
            $marker = $page.PSObject.Properties['NextMarker']?.Value
            $pages++
        } while ($marker)

        $names | Should -Be $expected
        $pages | Should -Be ([math]::Ceiling($expected.Count / 2))
        $requests = @($script:Sandbox.Requests | Where-Object Action -eq 'DescribeTargetGroups')
        $requests.Count | Should -Be $pages
        @($requests | Where-Object { $_.Parameters.ContainsKey('Marker') }).Count | Should -Be ($pages - 1)
        Assert-AwsError ValidationError DescribeTargetGroups (Invoke-Aws elbv2 describe-target-groups --marker not-a-marker)
    }
}

Describe 'ELBv2 listeners and rules' -Tag AwsCli {
    BeforeAll {
        $script:Sandbox.Reset('Empty')
        $script:Project = New-DemoLoadBalancer -Name shop
        $script:Certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012'
    }

    It 'creates an HTTP listener forwarding to one target group, reported with TargetGroupArn and ForwardConfig' {
        $listener = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)").Listeners[0]
        $listener.ListenerArn | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:\d{12}:listener/app/shop/[0-9a-f]{16}/[0-9a-f]{16}$'
        $action = $listener.DefaultActions[0]
        $action.Type | Should -Be 'forward'
        $action.TargetGroupArn | Should -Be $Project.Blue.TargetGroupArn
        $action.ForwardConfig.TargetGroups[0].TargetGroupArn | Should -Be $Project.Blue.TargetGroupArn
        $action.ForwardConfig.TargetGroups[0].Weight | Should -Be 1
        $action.ForwardConfig.TargetGroupStickinessConfig.Enabled | Should -BeFalse
        $script:HttpListener = $listener

        $blue = (Invoke-AwsJson elbv2 describe-target-groups --target-group-arns $Project.Blue.TargetGroupArn).TargetGroups[0]
        @($blue.LoadBalancerArns) | Should -Be @($Project.LoadBalancer.LoadBalancerArn)
    }

    It 'answers DuplicateListener for another listener on the same port' {
        Assert-AwsError DuplicateListener CreateListener (Invoke-Aws elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($Project.Green.TargetGroupArn)")
    }

    It 'creates an HTTPS listener with a weighted forward config and stickiness' {
        $forward = @{ Type = 'forward'; ForwardConfig = @{ TargetGroups = @(@{ TargetGroupArn = $Project.Blue.TargetGroupArn; Weight = 90 }, @{ TargetGroupArn = $Project.Green.TargetGroupArn; Weight = 10 }); TargetGroupStickinessConfig = @{ Enabled = $true; DurationSeconds = 300 } } }
        $listener = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTPS --port 443 `
            --certificates "CertificateArn=$Certificate" --default-actions (ConvertTo-Json @($forward) -Depth 6 -Compress)).Listeners[0]
        $listener.SslPolicy | Should -Be 'ELBSecurityPolicy-2016-08'
        $listener.Certificates[0].CertificateArn | Should -Be $Certificate
        $action = $listener.DefaultActions[0]
        $action.PSObject.Properties['TargetGroupArn'] | Should -BeNullOrEmpty
        @($action.ForwardConfig.TargetGroups.Weight) | Should -Be @(90, 10)
        $action.ForwardConfig.TargetGroupStickinessConfig.Enabled | Should -BeTrue
        $action.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds | Should -Be 300
        $script:HttpsListener = $listener
    }

    It 'requires a certificate for HTTPS' {
        Assert-AwsError CertificateNotFound CreateListener (Invoke-Aws elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTPS --port 8443 `
            --default-actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)")
    }

    It 'creates redirect and fixed-response listeners with the documented defaults' {
        $redirect = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 8080 `
            --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}').Listeners[0]
        $config = $redirect.DefaultActions[0].RedirectConfig
        $config.Protocol | Should -Be 'HTTPS'
        $config.Port | Should -Be '443'
        $config.Host | Should -Be '#{host}'
        $config.Path | Should -Be '/#{path}'
        $config.Query | Should -Be '#{query}'
        $config.StatusCode | Should -Be 'HTTP_301'

        $fixed = (Invoke-AwsJson elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 8081 `
            --default-actions 'Type=fixed-response,FixedResponseConfig={StatusCode=503,ContentType=text/plain,MessageBody=maintenance}').Listeners[0]
        $fixed.DefaultActions[0].FixedResponseConfig.StatusCode | Should -Be '503'
        $fixed.DefaultActions[0].FixedResponseConfig.MessageBody | Should -Be 'maintenance'
        Assert-AwsError ValidationError CreateListener (Invoke-Aws elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 8082 `
            --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,StatusCode=HTTP_307}')
    }

    It 'lists every listener of the load balancer in port order' {
        $listeners = (Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn).Listeners
        @($listeners.Port) | Should -Be @(80, 443, 8080, 8081)
        Assert-AwsError ValidationError DescribeListeners (Invoke-Aws elbv2 describe-listeners)
        Assert-AwsError ListenerNotFound DescribeListeners (Invoke-Aws elbv2 describe-listeners --listener-arns ($HttpListener.ListenerArn -replace '[0-9a-f]{16}$', '0000000000000000'))
    }

    It 'switches a listener to the other group with ModifyListener' {
        $modified = (Invoke-AwsJson elbv2 modify-listener --listener-arn $HttpListener.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($Project.Green.TargetGroupArn)").Listeners[0]
        $modified.DefaultActions[0].TargetGroupArn | Should -Be $Project.Green.TargetGroupArn
        $read = (Invoke-AwsJson elbv2 describe-listeners --listener-arns $HttpListener.ListenerArn).Listeners[0]
        $read.DefaultActions[0].TargetGroupArn | Should -Be $Project.Green.TargetGroupArn
        $read.Port | Should -Be 80
        Invoke-AwsJson elbv2 modify-listener --listener-arn $HttpListener.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)" | Out-Null
        Assert-AwsError ListenerNotFound ModifyListener (Invoke-Aws elbv2 modify-listener --listener-arn ($HttpListener.ListenerArn -replace '[0-9a-f]{16}$', '0000000000000000') --port 81)
        Assert-AwsError TargetGroupNotFound ModifyListener (Invoke-Aws elbv2 modify-listener --listener-arn $HttpListener.ListenerArn --default-actions 'Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef')
    }

    It 'refuses a target group that another load balancer already uses (TargetGroupAssociationLimit)' {
        $other = (Invoke-AwsJson elbv2 create-load-balancer --name other --subnets $script:Sandbox.SubnetIds[1] $script:Sandbox.SubnetIds[2]).LoadBalancers[0]
        Assert-AwsError TargetGroupAssociationLimit CreateListener (Invoke-Aws elbv2 create-listener --load-balancer-arn $other.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)")
    }

    It 'creates path rules, lists them with the default rule last, and answers PriorityInUse' {
        $rule = (Invoke-AwsJson elbv2 create-rule --listener-arn $HttpsListener.ListenerArn --priority 10 --conditions 'Field=path-pattern,Values=/api/*' `
            --actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)").Rules[0]
        $rule.RuleArn | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:\d{12}:listener-rule/app/shop/[0-9a-f]{16}/[0-9a-f]{16}/[0-9a-f]{16}$'
        $rule.Priority | Should -Be '10'
        $rule.IsDefault | Should -BeFalse
        $rule.Conditions[0].Field | Should -Be 'path-pattern'
        @($rule.Conditions[0].PathPatternConfig.Values) | Should -Be @('/api/*')
        Invoke-AwsJson elbv2 create-rule --listener-arn $HttpsListener.ListenerArn --priority 5 `
            --conditions '[{"Field":"host-header","HostHeaderConfig":{"Values":["admin.example.com"]}},{"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":"X-Canary","Values":["1"]}}]' `
            --actions 'Type=fixed-response,FixedResponseConfig={StatusCode=403}' | Out-Null
        Assert-AwsError PriorityInUse CreateRule (Invoke-Aws elbv2 create-rule --listener-arn $HttpsListener.ListenerArn --priority 10 --conditions 'Field=path-pattern,Values=/other/*' `
            --actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)")

        $rules = (Invoke-AwsJson elbv2 describe-rules --listener-arn $HttpsListener.ListenerArn).Rules
        @($rules.Priority) | Should -Be @('5', '10', 'default')
        $rules[0].Conditions[1].HttpHeaderConfig.HttpHeaderName | Should -Be 'X-Canary'
        $rules[2].IsDefault | Should -BeTrue
        @($rules[2].Conditions).Count | Should -Be 0
        @($rules[2].Actions[0].ForwardConfig.TargetGroups.Weight) | Should -Be @(90, 10)
        $script:ApiRule = $rule
        $script:DefaultRule = $rules[2]
    }

    It 'modifies a rule, and modifying the default rule changes the listener default actions' {
        $modified = (Invoke-AwsJson elbv2 modify-rule --rule-arn $ApiRule.RuleArn --actions "Type=forward,TargetGroupArn=$($Project.Green.TargetGroupArn)").Rules[0]
        $modified.Actions[0].TargetGroupArn | Should -Be $Project.Green.TargetGroupArn
        @($modified.Conditions[0].Values) | Should -Be @('/api/*')

        Invoke-AwsJson elbv2 modify-rule --rule-arn $DefaultRule.RuleArn --actions "Type=forward,TargetGroupArn=$($Project.Green.TargetGroupArn)" | Out-Null
        $listener = (Invoke-AwsJson elbv2 describe-listeners --listener-arns $HttpsListener.ListenerArn).Listeners[0]
        $listener.DefaultActions[0].TargetGroupArn | Should -Be $Project.Green.TargetGroupArn
        Assert-AwsError RuleNotFound ModifyRule (Invoke-Aws elbv2 modify-rule --rule-arn ($ApiRule.RuleArn -replace '[0-9a-f]{16}$', '0000000000000000') --actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)")
        Assert-AwsError RuleNotFound DescribeRules (Invoke-Aws elbv2 describe-rules --rule-arns ($ApiRule.RuleArn -replace '[0-9a-f]{16}$', '0000000000000000'))
    }

    It 'round-trips authenticate-oidc actions on HTTPS rules (without the client secret)' {
        $actions = @(
            @{ Type = 'authenticate-oidc'; Order = 1; AuthenticateOidcConfig = @{ Issuer = 'https://idp.example.com'; AuthorizationEndpoint = 'https://idp.example.com/authorize'; TokenEndpoint = 'https://idp.example.com/token'; UserInfoEndpoint = 'https://idp.example.com/userinfo'; ClientId = 'bluegreen'; ClientSecret = 's3cret'; Scope = 'openid'; AuthenticationRequestExtraParams = @{ prompt = 'login' } } }
            @{ Type = 'forward'; Order = 2; TargetGroupArn = $Project.Blue.TargetGroupArn }
        )
        $rule = (Invoke-AwsJson elbv2 create-rule --listener-arn $HttpsListener.ListenerArn --priority 20 --conditions 'Field=path-pattern,Values=/admin/*' `
            --actions (ConvertTo-Json $actions -Depth 6 -Compress)).Rules[0]
        $oidc = $rule.Actions[0]
        $oidc.Type | Should -Be 'authenticate-oidc'
        $oidc.Order | Should -Be 1
        $oidc.AuthenticateOidcConfig.Issuer | Should -Be 'https://idp.example.com'
        $oidc.AuthenticateOidcConfig.ClientId | Should -Be 'bluegreen'
        $oidc.AuthenticateOidcConfig.AuthenticationRequestExtraParams.prompt | Should -Be 'login'
        $oidc.AuthenticateOidcConfig.PSObject.Properties['ClientSecret'] | Should -BeNullOrEmpty
        $rule.Actions[1].Type | Should -Be 'forward'
        Assert-AwsError InvalidLoadBalancerAction CreateListener (Invoke-Aws elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 9000 `
            --default-actions (ConvertTo-Json @($actions[0]) -Depth 6 -Compress))
    }

    It 'paginates DescribeRules and DescribeListeners with Marker' {
        $page = Invoke-AwsJson elbv2 describe-rules --listener-arn $HttpsListener.ListenerArn --page-size 2
        @($page.Rules).Count | Should -Be 2
        $page.NextMarker | Should -Not -BeNullOrEmpty
        $rest = Invoke-AwsJson elbv2 describe-rules --listener-arn $HttpsListener.ListenerArn --page-size 2 --marker $page.NextMarker
        @($rest.Rules).Count | Should -Be 2
        $rest.PSObject.Properties['NextMarker'] | Should -BeNullOrEmpty
        $listenerPage = Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --page-size 3
        @($listenerPage.Listeners).Count | Should -Be 3
        @((Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --page-size 3 --marker $listenerPage.NextMarker).Listeners.Port) | Should -Be @(8081)
    }

    It 'refuses to delete a target group in use (ResourceInUse) and deletes listeners and unused groups' {
        Assert-AwsError ResourceInUse DeleteTargetGroup (Invoke-Aws elbv2 delete-target-group --target-group-arn $Project.Blue.TargetGroupArn)
        $spare = (Invoke-AwsJson elbv2 create-target-group --name shop-spare --protocol HTTP --port 80 --vpc-id $script:Sandbox.VpcId).TargetGroups[0]
        (Invoke-Aws elbv2 delete-target-group --target-group-arn $spare.TargetGroupArn).ExitCode | Should -Be 0
        Assert-AwsError TargetGroupNotFound DescribeTargetGroups (Invoke-Aws elbv2 describe-target-groups --target-group-arns $spare.TargetGroupArn)

        (Invoke-Aws elbv2 delete-listener --listener-arn $HttpListener.ListenerArn).ExitCode | Should -Be 0
        Assert-AwsError ListenerNotFound DeleteListener (Invoke-Aws elbv2 delete-listener --listener-arn $HttpListener.ListenerArn)
        @((Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn).Listeners.Port) | Should -Not -Contain 80
    }
}

Describe 'ELBv2 targets, health and tags' -Tag AwsCli {
    BeforeAll {
        $script:Sandbox.Reset('Empty')
        $script:Project = New-DemoLoadBalancer -Name health
        Invoke-AwsJson elbv2 create-listener --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($Project.Blue.TargetGroupArn)" | Out-Null
        $script:Instances = New-Instance -Count 2 -Name health
        Wait-Until { ((Invoke-AwsJson ec2 describe-instances --instance-ids $Instances[0].InstanceId).Reservations[0].Instances[0].State.Name) -eq 'running' }
    }

    It 'registers targets: initial, then healthy' {
        (Invoke-Aws elbv2 register-targets --target-group-arn $Project.Blue.TargetGroupArn --targets "Id=$($Instances[0].InstanceId)" "Id=$($Instances[1].InstanceId),Port=8080").ExitCode | Should -Be 0
        $health = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Blue.TargetGroupArn).TargetHealthDescriptions
        @($health).Count | Should -Be 2
        $health[0].TargetHealth.State | Should -Be 'initial'
        $health[0].TargetHealth.Reason | Should -Be 'Elb.RegistrationInProgress'
        $health[0].Target.Port | Should -Be 80
        $health[1].Target.Port | Should -Be 8080
        $health[1].HealthCheckPort | Should -Be '8080'
        Wait-Until { @((Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Blue.TargetGroupArn).TargetHealthDescriptions.TargetHealth.State | Select-Object -Unique) -join ',' -eq 'healthy' }
    }

    It 'reports targets of a group no listener uses as unused (Target.NotInUse)' {
        Invoke-AwsJson elbv2 register-targets --target-group-arn $Project.Green.TargetGroupArn --targets "Id=$($Instances[0].InstanceId)" | Out-Null
        $health = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Green.TargetGroupArn).TargetHealthDescriptions[0].TargetHealth
        $health.State | Should -Be 'unused'
        $health.Reason | Should -Be 'Target.NotInUse'
        $health.Description | Should -Be 'Target group is not configured to receive traffic from the load balancer'
    }

    It 'answers InvalidTarget for an instance that does not exist' {
        Assert-AwsError InvalidTarget RegisterTargets (Invoke-Aws elbv2 register-targets --target-group-arn $Project.Blue.TargetGroupArn --targets Id=i-0123456789abcdef0)
        Assert-AwsError InvalidTarget DeregisterTargets (Invoke-Aws elbv2 deregister-targets --target-group-arn $Project.Green.TargetGroupArn --targets "Id=$($Instances[1].InstanceId)")
        Assert-AwsError TargetGroupNotFound RegisterTargets (Invoke-Aws elbv2 register-targets --target-group-arn 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef' --targets "Id=$($Instances[0].InstanceId)")
    }

    It 'shows a test-set health state, and a target asked for but not registered as Target.NotRegistered' {
        $script:Sandbox.SetTargetHealth($Project.Blue.TargetGroupArn, $Instances[0].InstanceId, 'unhealthy', 'Target.ResponseCodeMismatch', $null, $null)
        $health = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Blue.TargetGroupArn --targets "Id=$($Instances[0].InstanceId)").TargetHealthDescriptions
        @($health).Count | Should -Be 1
        $health[0].TargetHealth.State | Should -Be 'unhealthy'
        $health[0].TargetHealth.Reason | Should -Be 'Target.ResponseCodeMismatch'
        $script:Sandbox.ClearTargetHealth($Project.Blue.TargetGroupArn, $Instances[0].InstanceId, $null)

        $other = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Green.TargetGroupArn --targets "Id=$($Instances[1].InstanceId)").TargetHealthDescriptions[0].TargetHealth
        $other.State | Should -Be 'unused'
        $other.Reason | Should -Be 'Target.NotRegistered'
    }

    It 'drains deregistered targets for the deregistration delay, then forgets them' {
        Invoke-AwsJson elbv2 deregister-targets --target-group-arn $Project.Blue.TargetGroupArn --targets "Id=$($Instances[1].InstanceId),Port=8080" | Out-Null
        $draining = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Blue.TargetGroupArn).TargetHealthDescriptions | Where-Object { $_.Target.Id -eq $Instances[1].InstanceId }
        $draining.TargetHealth.State | Should -Be 'draining'
        $draining.TargetHealth.Reason | Should -Be 'Target.DeregistrationInProgress'
        Wait-Until { -not ((Invoke-AwsJson elbv2 describe-target-health --target-group-arn $Project.Blue.TargetGroupArn).TargetHealthDescriptions | Where-Object { $_.Target.Id -eq $Instances[1].InstanceId }) }
    }

    It 'adds, lists and removes tags on load balancers, target groups and listeners' {
        $listener = (Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $Project.LoadBalancer.LoadBalancerArn).Listeners[0]
        Invoke-AwsJson elbv2 add-tags --resource-arns $Project.Blue.TargetGroupArn $listener.ListenerArn --tags 'Key=bluegreen:project,Value=health' 'Key=bluegreen:color,Value=blue' | Out-Null
        $tags = (Invoke-AwsJson elbv2 describe-tags --resource-arns $Project.Blue.TargetGroupArn $listener.ListenerArn $Project.LoadBalancer.LoadBalancerArn).TagDescriptions
        @($tags.ResourceArn) | Should -Be @($Project.Blue.TargetGroupArn, $listener.ListenerArn, $Project.LoadBalancer.LoadBalancerArn)
        ($tags[0].Tags | Where-Object Key -eq 'bluegreen:color').Value | Should -Be 'blue'
        ($tags[2].Tags | Where-Object Key -eq 'bluegreen:project').Value | Should -Be 'health'

        Invoke-AwsJson elbv2 remove-tags --resource-arns $Project.Blue.TargetGroupArn --tag-keys bluegreen:color | Out-Null
        @((Invoke-AwsJson elbv2 describe-tags --resource-arns $Project.Blue.TargetGroupArn).TagDescriptions[0].Tags.Key) | Should -Be @('bluegreen:project')
        Assert-AwsError DuplicateTagKeys AddTags (Invoke-Aws elbv2 add-tags --resource-arns $Project.Blue.TargetGroupArn --tags 'Key=a,Value=1' 'Key=a,Value=2')
        Assert-AwsError LoadBalancerNotFound DescribeTags (Invoke-Aws elbv2 describe-tags --resource-arns ($Project.LoadBalancer.LoadBalancerArn -replace '[0-9a-f]{16}$', '0000000000000000'))
    }
}

Describe 'EC2 instances' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Empty') }

    It 'launches instances with tags, pending then running, with status checks reaching ok' {
        $instances = New-Instance -Count 2 -Name ec2-test
        @($instances).Count | Should -Be 2
        $instances[0].InstanceId | Should -Match '^i-[0-9a-f]{17}$'
        $instances[0].State.Name | Should -Be 'pending'
        $instances[0].State.Code | Should -Be 0
        ($instances[0].Tags | Where-Object Key -eq 'Name').Value | Should -Be 'ec2-test'
        Wait-Until { (Invoke-AwsJson ec2 describe-instance-status --instance-ids $instances[0].InstanceId).InstanceStatuses[0].InstanceStatus.Status -eq 'ok' }
        $status = (Invoke-AwsJson ec2 describe-instance-status --instance-ids $instances[0].InstanceId).InstanceStatuses[0]
        $status.InstanceState.Name | Should -Be 'running'
        $status.SystemStatus.Status | Should -Be 'ok'
        $status.InstanceStatus.Details[0].Status | Should -Be 'passed'
    }

    It 'returns the same reservation for a repeated ClientToken and IdempotentParameterMismatch for other parameters' {
        $first = Invoke-AwsJson ec2 run-instances --image-id ami-0abcdef1234567890 --count 1 --client-token launch-42 --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=idem}]'
        $again = Invoke-AwsJson ec2 run-instances --image-id ami-0abcdef1234567890 --count 1 --client-token launch-42 --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=idem}]'
        $again.ReservationId | Should -Be $first.ReservationId
        $again.Instances[0].InstanceId | Should -Be $first.Instances[0].InstanceId
        $again.Instances[0].ClientToken | Should -Be 'launch-42'
        Assert-AwsError IdempotentParameterMismatch RunInstances (Invoke-Aws ec2 run-instances --image-id ami-0abcdef1234567890 --count 2 --client-token launch-42)
        @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:Name,Values=idem').Reservations.Instances).Count | Should -Be 1
    }

    It 'filters by instance id, tag, tag key and state, with wildcards' {
        $tagged = New-Instance -Count 1 -Name filter-me
        Invoke-AwsJson ec2 create-tags --resources $tagged[0].InstanceId --tags 'Key=bluegreen:release,Value=r7' | Out-Null
        @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:Name,Values=filter-*').Reservations.Instances.InstanceId) | Should -Be @($tagged[0].InstanceId)
        @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag-key,Values=bluegreen:release').Reservations.Instances.InstanceId) | Should -Be @($tagged[0].InstanceId)
        @((Invoke-AwsJson ec2 describe-instances --filters "Name=instance-id,Values=$($tagged[0].InstanceId)" 'Name=tag:bluegreen:release,Values=r7').Reservations.Instances).Count | Should -Be 1
        @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:bluegreen:release,Values=r8').Reservations).Count | Should -Be 0
        Wait-Until { @((Invoke-AwsJson ec2 describe-instances --filters 'Name=instance-state-name,Values=running' 'Name=tag:Name,Values=filter-me').Reservations).Count -eq 1 }
        $byId = (Invoke-AwsJson ec2 describe-instances --instance-ids $tagged[0].InstanceId).Reservations[0].Instances[0]
        ($byId.Tags | Where-Object Key -eq 'bluegreen:release').Value | Should -Be 'r7'
        Assert-AwsError InvalidParameterValue DescribeInstances (Invoke-Aws ec2 describe-instances --filters 'Name=no-such-filter,Values=x')
    }

    It 'answers InvalidInstanceID.NotFound, InvalidInstanceID.Malformed, MissingParameter and DryRunOperation' {
        Assert-AwsError InvalidInstanceID.NotFound DescribeInstances (Invoke-Aws ec2 describe-instances --instance-ids i-0123456789abcdef0)
        Assert-AwsError InvalidInstanceID.Malformed DescribeInstances (Invoke-Aws ec2 describe-instances --instance-ids not-an-id)
        Assert-AwsError InvalidInstanceID.NotFound TerminateInstances (Invoke-Aws ec2 terminate-instances --instance-ids i-0123456789abcdef0)
        Assert-AwsError InvalidInstanceID.NotFound CreateTags (Invoke-Aws ec2 create-tags --resources i-0123456789abcdef0 --tags 'Key=a,Value=b')
        Assert-AwsError MissingParameter RunInstances (Invoke-Aws ec2 run-instances --count 1)
        Assert-AwsError DryRunOperation RunInstances (Invoke-Aws ec2 run-instances --image-id ami-0abcdef1234567890 --count 1 --dry-run)
    }

    It 'paginates DescribeInstances with MaxResults and NextToken, and validates MaxResults' {
        New-Instance -Count 12 -Name paged | Out-Null
        $expected = @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:Name,Values=paged').Reservations.Instances.InstanceId)
        $script:Sandbox.ClearRequests()
        $paged = Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:Name,Values=paged' --page-size 5
        @($paged.Reservations.Instances.InstanceId) | Should -Be $expected
        $requests = @($script:Sandbox.Requests | Where-Object Action -eq 'DescribeInstances')
        $requests.Count | Should -Be 3
        @($requests.Parameters | ForEach-Object { $_['MaxResults'] }) | Should -Be @('5', '5', '5')
        @($requests | Where-Object { $_.Parameters.ContainsKey('NextToken') }).Count | Should -Be 2
        Assert-AwsError InvalidParameterValue DescribeInstances (Invoke-Aws ec2 describe-instances --max-results 3)
        Assert-AwsError InvalidParameterCombination DescribeInstances (Invoke-Aws ec2 describe-instances --max-results 5 --instance-ids $expected[0])
    }

    It 'terminates: shutting-down, then terminated and still listed' {
        $instance = (New-Instance -Count 1 -Name doomed)[0]
        $change = (Invoke-AwsJson ec2 terminate-instances --instance-ids $instance.InstanceId).TerminatingInstances[0]
        $change.InstanceId | Should -Be $instance.InstanceId
        $change.CurrentState.Name | Should -Be 'shutting-down'
        $change.PreviousState.Name | Should -Be 'pending'
        Wait-Until { (Invoke-AwsJson ec2 describe-instances --instance-ids $instance.InstanceId).Reservations[0].Instances[0].State.Name -eq 'terminated' }
        (Invoke-AwsJson ec2 describe-instances --instance-ids $instance.InstanceId).Reservations[0].Instances[0].State.Code | Should -Be 48
        @((Invoke-AwsJson ec2 describe-instance-status --instance-ids $instance.InstanceId).InstanceStatuses).Count | Should -Be 0
        (Invoke-AwsJson ec2 describe-instance-status --instance-ids $instance.InstanceId --include-all-instances).InstanceStatuses[0].InstanceStatus.Status | Should -Be 'not-applicable'
    }
}

Describe 'CloudWatch metrics and alarms' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Empty') }

    It 'answers GetMetricData without datapoints, keeps alarms for DescribeAlarms and validates against the model' {
        $queries = '[{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/ApplicationELB","MetricName":"HTTPCode_Target_5XX_Count"},"Period":60,"Stat":"Sum"}}]'
        $data = Invoke-AwsJson cloudwatch get-metric-data --start-time 2026-12-07T10:00:00Z --end-time 2026-12-07T11:00:00Z --metric-data-queries $queries
        $data.MetricDataResults[0].Id | Should -Be 'errors'
        $data.MetricDataResults[0].Label | Should -Be 'HTTPCode_Target_5XX_Count'
        $data.MetricDataResults[0].StatusCode | Should -Be 'Complete'
        @($data.MetricDataResults[0].Values).Count | Should -Be 0
        # Debian's CLI 2.9 speaks CloudWatch's Query protocol (the model it ships says so): the sandbox saw a form.
        $logged = $script:Sandbox.Requests | Where-Object Action -eq 'GetMetricData' | Select-Object -Last 1
        $logged.Service | Should -Be 'monitoring'
        $logged.Parameters['MetricDataQueries.member.1.MetricStat.Stat'] | Should -Be 'Sum'

        (Invoke-Aws cloudwatch put-metric-alarm --alarm-name shop-5xx --namespace AWS/ApplicationELB --metric-name HTTPCode_Target_5XX_Count `
            --statistic Sum --period 60 --evaluation-periods 3 --threshold 5 --comparison-operator GreaterThanThreshold).ExitCode | Should -Be 0
        $alarm = (Invoke-AwsJson cloudwatch describe-alarms --alarm-names shop-5xx).MetricAlarms[0]
        $alarm.AlarmName | Should -Be 'shop-5xx'
        $alarm.StateValue | Should -Be 'INSUFFICIENT_DATA'
        $alarm.Threshold | Should -Be 5
        @((Invoke-AwsJson cloudwatch describe-alarms --alarm-name-prefix other).MetricAlarms).Count | Should -Be 0

        Assert-AwsError ValidationError GetMetricData (Invoke-Aws cloudwatch get-metric-data --start-time 2026-12-07T11:00:00Z --end-time 2026-12-07T10:00:00Z --metric-data-queries $queries)
        Assert-AwsError ValidationError PutMetricAlarm (Invoke-Aws cloudwatch put-metric-alarm --alarm-name shop-bad --evaluation-periods 1 `
            --comparison-operator NotAnOperator --namespace AWS/ApplicationELB --metric-name RequestCount --statistic Sum --period 60 --threshold 1)
    }
}

Describe 'Fault injection and the request log' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Demo') }
    AfterEach { $script:Sandbox.ClearFaults() }

    It 'throttles ModifyListener twice; the CLI retries and succeeds on the third attempt' {
        $lb = (Invoke-AwsJson elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        $listener = (Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Where-Object Port -eq 80
        $green = (Invoke-AwsJson elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        $script:Sandbox.ClearRequests()
        $script:Sandbox.FailNext('ModifyListener', 2, 'Throttling', $null, $null, $null) | Out-Null

        $result = Invoke-Aws elbv2 modify-listener --listener-arn $listener.ListenerArn --default-actions "Type=forward,TargetGroupArn=$($green.TargetGroupArn)"
        $result.ExitCode | Should -Be 0
        $result.Json.Listeners[0].DefaultActions[0].TargetGroupArn | Should -Be $green.TargetGroupArn
        $attempts = @($script:Sandbox.Requests | Where-Object Action -eq 'ModifyListener')
        $attempts.Count | Should -Be 3
        @($attempts.HttpStatus) | Should -Be @(400, 400, 200)
        @($attempts.ErrorCode) | Should -Be @('Throttling', 'Throttling', $null)
        @($attempts.FaultInjected) | Should -Be @($true, $true, $false)
        @($script:Sandbox.Faults).Count | Should -Be 0
    }

    It 'fails with InternalFailure (HTTP 500) once the retries are used up' {
        $script:Sandbox.ClearRequests()
        $script:Sandbox.FailNext('DescribeLoadBalancers', 5, 'InternalFailure', $null, $null, 'elasticloadbalancing') | Out-Null
        Assert-AwsError InternalFailure DescribeLoadBalancers (Invoke-Aws elbv2 describe-load-balancers)
        @($script:Sandbox.Requests | Where-Object Action -eq 'DescribeLoadBalancers').HttpStatus | Should -Be @(500, 500, 500)
        $script:Sandbox.Faults[0].Remaining | Should -Be 2
    }

    It 'fails every call at rate 1: the CLI retries, then reports Throttling, until the faults are cleared' {
        $script:Sandbox.ClearRequests()
        $fault = $script:Sandbox.FailRandomly('DescribeTargetGroups', 1, 'Throttling')
        Assert-AwsError Throttling DescribeTargetGroups (Invoke-Aws elbv2 describe-target-groups)
        @($script:Sandbox.Requests | Where-Object Action -eq 'DescribeTargetGroups').HttpStatus | Should -Be @(400, 400, 400)
        $script:Sandbox.Faults[0].Rate | Should -Be 1
        $fault.Failed | Should -Be 3
        "$fault" | Should -Be "#$($fault.Id) DescribeTargetGroups Throttling (400) at rate 1, 3 failed"
        ($script:Sandbox.Faults | Format-Table | Out-String) | Should -Match 'Rate\s+Failed'

        $script:Sandbox.ClearFaults()
        (Invoke-Aws elbv2 describe-target-groups).ExitCode | Should -Be 0
    }

    It 'retries EC2 RequestLimitExceeded (HTTP 503)' {
        $script:Sandbox.ClearRequests()
        $script:Sandbox.FailNext('DescribeInstances', 1, 'RequestLimitExceeded', $null, $null, $null) | Out-Null
        @((Invoke-AwsJson ec2 describe-instances --filters 'Name=tag:bluegreen:project,Values=demo').Reservations.Instances).Count | Should -Be 2
        @($script:Sandbox.Requests | Where-Object Action -eq 'DescribeInstances').HttpStatus | Should -Be @(503, 200)
    }

    It 'adds latency to an operation' {
        $script:Sandbox.AddLatency('DescribeTargetGroups', [TimeSpan]::FromMilliseconds(1500), $null) | Out-Null
        $slow = Measure-Command { Invoke-AwsJson elbv2 describe-target-groups | Out-Null }
        $slow.TotalMilliseconds | Should -BeGreaterOrEqual 1500
        @($script:Sandbox.Faults | Where-Object Action -eq 'DescribeTargetGroups').Latency | Should -Be ([TimeSpan]::FromMilliseconds(1500))
    }

    It 'takes faults, target health and resets through the HTTP control endpoint' {
        $base = "$($script:Sandbox.Endpoint)_sandbox"
        $faults = Invoke-RestMethod -Method Post -Uri "$base/faults" -ContentType 'application/json' -Body '{"action":"DescribeTags","errorCode":"Throttling","count":1}'
        @($faults).Count | Should -Be 1
        $faults[0].httpStatus | Should -Be 400
        $tg = (Invoke-AwsJson elbv2 describe-target-groups --names bluegreen-demo-blue).TargetGroups[0]
        $script:Sandbox.ClearRequests()
        Invoke-AwsJson elbv2 describe-tags --resource-arns $tg.TargetGroupArn | Out-Null
        @((Invoke-RestMethod "$base/requests") | Where-Object action -eq 'DescribeTags').errorCode | Should -Be @('Throttling', $null)

        $target = (Invoke-AwsJson elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions[0].Target.Id
        Invoke-RestMethod -Method Post -Uri "$base/target-health" -ContentType 'application/json' -Body (@{ targetGroupArn = $tg.TargetGroupArn; targetId = $target; state = 'unhealthy' } | ConvertTo-Json) | Out-Null
        ((Invoke-AwsJson elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions | Where-Object { $_.Target.Id -eq $target }).TargetHealth.State | Should -Be 'unhealthy'
        $refused = try { Invoke-RestMethod -Method Post -Uri "$base/faults" -ContentType 'application/json' -Body '{"action":"X"}'; $null } catch { $_ }
        $refused.Exception.Response.StatusCode | Should -Be 'BadRequest'
        ($refused.ErrorDetails.Message | ConvertFrom-Json).error | Should -BeLike '*errorCode*'

        Invoke-RestMethod -Method Post -Uri "$base/reset" -ContentType 'application/json' -Body '{"scenario":"Empty"}' | Out-Null
        @((Invoke-AwsJson elbv2 describe-load-balancers).LoadBalancers).Count | Should -Be 0
        Invoke-RestMethod -Method Post -Uri "$base/reset" -Body '{"scenario":"Demo"}' -ContentType 'application/json' | Out-Null
        @((Invoke-AwsJson elbv2 describe-load-balancers).LoadBalancers.LoadBalancerName) | Should -Be @('bluegreen-demo')
    }

    It 'returns the same state JSON for the same state: reads leave it byte-identical, writes change it' {
        $before = (Invoke-WebRequest "$($script:Sandbox.Endpoint)_sandbox/state").Content
        $before | Should -BeExactly $script:Sandbox.GetStateJson()
        $lb = (Invoke-AwsJson elbv2 describe-load-balancers --names bluegreen-demo).LoadBalancers[0]
        Invoke-AwsJson elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn | Out-Null
        Invoke-AwsJson ec2 describe-instances | Out-Null
        $script:Sandbox.GetStateJson() | Should -BeExactly $before

        Invoke-AwsJson elbv2 add-tags --resource-arns $lb.LoadBalancerArn --tags 'Key=touched,Value=yes' | Out-Null
        $script:Sandbox.GetStateJson() | Should -Not -BeExactly $before
        ($script:Sandbox.GetStateJson() | ConvertFrom-Json).loadBalancers[0].tags.key | Should -Contain 'touched'
    }
}
