# Deadline: 450 s (about 85 s with 4 files at a time on 2 cores)
# Initialize-BgLoadBalancer against an empty sandbox in which the official AWS CLI builds the seed scripts' world: one
# Application Load Balancer, one target group serving (instances registered by id, as docker-machine leaves them), an
# HTTP and an HTTPS listener forwarding to it. Read back with the AWS CLI and the module's own cmdlets.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    # Real health checks of loopback targets every 0.5 s (a 5 s interval scaled by 0.1).
    $script:Sandbox = Start-BgSandbox -HealthCheckTimeScale 0.1
    $script:Project = @{ Project = 'shop'; LoadBalancer = 'shop-alb' }
    $script:Server = Start-TestHttpServer -Status @{ '/health/' = 200 } -DefaultStatus 200
    $script:ConfigDir = Join-Path ([IO.Path]::GetTempPath()) ("bg-init-lb-" + [guid]::NewGuid())
    New-Item -ItemType Directory $ConfigDir | Out-Null

    function Invoke-SandboxAws {
        # Invoke-AwsJson against this file's sandbox; array arguments (e.g. --targets) become one CLI argument each.
        $arguments = @($args | ForEach-Object { $_ })
        Invoke-AwsJson $Sandbox.Endpoint @arguments
    }

    function Get-WriteCall {
        # The AWS calls made since the sandbox's log was cleared, other than reads (Describe*).
        @($Sandbox.Requests | Where-Object { $_.Action -notlike 'Describe*' } | ForEach-Object { "$($_.Service) $($_.Action)" })
    }

    function New-SeedWorld([string] $GroupName = 'shop-tg', [string] $Name = 'shop-alb') {
        # What the article's setup leaves: a load balancer, one target group, listeners forwarding to it, two machines
        # made by docker-machine (key pair and Name tag after the machine) registered by instance id.
        $lb = (Invoke-SandboxAws elbv2 create-load-balancer --name $Name --subnets $Sandbox.SubnetIds[0] $Sandbox.SubnetIds[1] --security-groups $Sandbox.SecurityGroupId).LoadBalancers[0]
        $tg = (Invoke-SandboxAws elbv2 create-target-group --name $GroupName --protocol HTTP --port 80 --vpc-id $Sandbox.VpcId `
                --health-check-path /health/ --health-check-interval-seconds 5 --health-check-timeout-seconds 2 `
                --healthy-threshold-count 2 --unhealthy-threshold-count 2 --matcher HttpCode=200).TargetGroups[0]
        Invoke-SandboxAws elbv2 modify-target-group-attributes --target-group-arn $tg.TargetGroupArn `
            --attributes 'Key=deregistration_delay.timeout_seconds,Value=30' 'Key=stickiness.enabled,Value=true' | Out-Null
        $http = (Invoke-SandboxAws elbv2 create-listener --load-balancer-arn $lb.LoadBalancerArn --protocol HTTP --port 80 `
                --default-actions "Type=forward,TargetGroupArn=$($tg.TargetGroupArn)").Listeners[0]
        $https = (Invoke-SandboxAws elbv2 create-listener --load-balancer-arn $lb.LoadBalancerArn --protocol HTTPS --port 443 `
                --certificates 'CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/0f3d5a52-seed' `
                --default-actions "Type=forward,TargetGroupArn=$($tg.TargetGroupArn)").Listeners[0]
        $ids = foreach ($machine in 'shop-prod-1a2b3c4d', 'shop-prod-5e6f7a8b') {
            (Invoke-SandboxAws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1 --key-name $machine `
                --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$machine}]").Instances[0].InstanceId
        }
        Invoke-SandboxAws elbv2 register-targets --target-group-arn $tg.TargetGroupArn --targets ($ids | ForEach-Object { "Id=$_" }) | Out-Null
        Wait-Until -Because "the seed's machines to be healthy in $GroupName" {
            @((Invoke-SandboxAws elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions | Where-Object { $_.TargetHealth.State -eq 'healthy' }).Count -eq 2
        }
        [pscustomobject]@{ LoadBalancer = $lb; Group = $tg; Http = $http; Https = $https }
    }

    function Get-Rules($Listener) {
        # "priority: header -> group" for every rule of the listener, default last, read by the AWS CLI.
        $names = @{}
        (Invoke-SandboxAws elbv2 describe-target-groups).TargetGroups | ForEach-Object { $names[$_.TargetGroupArn] = $_.TargetGroupName }
        (Invoke-SandboxAws elbv2 describe-rules --listener-arn $Listener.ListenerArn).Rules | ForEach-Object {
            $forward = $_.Actions | Where-Object Type -eq 'forward'
            $arn = if ($forward.TargetGroupArn) { $forward.TargetGroupArn } else { $forward.ForwardConfig.TargetGroups[0].TargetGroupArn }
            $header = ($_.Conditions | Where-Object Field -eq 'http-header' | ForEach-Object { "$($_.HttpHeaderConfig.HttpHeaderName)=$($_.HttpHeaderConfig.Values -join '|') " }) -join ''
            "$($_.Priority): $header-> $($names[$arn])"
        }
    }

    function Get-Tags([string] $GroupName) {
        $arn = (Invoke-SandboxAws elbv2 describe-target-groups --names $GroupName).TargetGroups[0].TargetGroupArn
        $tags = @{}
        (Invoke-SandboxAws elbv2 describe-tags --resource-arns $arn).TagDescriptions[0].Tags | ForEach-Object { $tags[$_.Key] = $_.Value }
        $tags
    }

    function Assert-Refused([string] $ErrorId, [string] $Category, [hashtable] $Parameters = $Project) {
        # Refused with this id and category, and the sandbox exactly as it was.
        $before = $Sandbox.GetStateJson()
        $caught = $null
        try { Initialize-BgLoadBalancer @Parameters -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because "Initialize-BgLoadBalancer should refuse with $ErrorId"
        $caught.FullyQualifiedErrorId | Should -BeLike "InitializeBgLoadBalancer$ErrorId,*"
        "$($caught.CategoryInfo.Category)" | Should -Be $Category
        $Sandbox.GetStateJson() | Should -BeExactly $before -Because 'a refusal changes nothing'
        $caught
    }
}

AfterAll {
    Stop-TestHttpServer $Server
    Stop-BgSandbox
    Remove-Item $ConfigDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Initialize-BgLoadBalancer' -Tag AwsCli {
    Context 'from the seed scripts'' world to a first switch' {
        BeforeAll {
            $Sandbox.Reset()
            $script:World = New-SeedWorld
            Push-Location $ConfigDir
            New-BgConfiguration -Project shop -LoadBalancer shop-alb | Out-Null
        }

        AfterAll { Pop-Location }

        It 'lists every change with -WhatIf and changes nothing' {
            $before = $Sandbox.GetStateJson()
            $Sandbox.ClearRequests()

            $items = Initialize-BgLoadBalancer -WhatIf

            $Sandbox.GetStateJson() | Should -BeExactly $before
            Get-WriteCall | Should -BeNullOrEmpty -Because '-WhatIf only reads'
            $items | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Traffic.LoadBalancerPreparationItem' }
            ($items | ForEach-Object { "$($_.Kind) $($_.Name)" }) | Should -Be @(
                'TargetGroup shop-green', 'Attributes shop-green', 'Tags shop-tg', 'Tags shop-green', 'PreviewRule HTTP:80 rule 1', 'PreviewRule HTTPS:443 rule 1')
            $items.Status | Sort-Object -Unique | Should -Be 'Skipped'
            $items[0].Detail | Should -Match 'A copy of shop-tg: HTTP/HTTP1:80 in vpc-'
            $items[1].Detail | Should -Match 'deregistration_delay.timeout_seconds=30.*stickiness.enabled=true'
        }

        It 'creates the second group as a copy, tags both and adds a preview rule to each forwarding listener' {
            $items = Initialize-BgLoadBalancer

            ($items | ForEach-Object { "$($_.Kind) $($_.Name): $($_.Status)" }) | Should -Be @(
                'TargetGroup shop-green: Created', 'Attributes shop-green: Modified', 'Tags shop-tg: Tagged', 'Tags shop-green: Tagged',
                'PreviewRule HTTP:80 rule 1: Created', 'PreviewRule HTTPS:443 rule 1: Created')
            $green = (Invoke-SandboxAws elbv2 describe-target-groups --names shop-green).TargetGroups[0]
            $green.TargetGroupArn | Should -Be $items[0].Arn
            $tg = $World.Group
            foreach ($property in 'Protocol', 'ProtocolVersion', 'Port', 'VpcId', 'TargetType', 'HealthCheckProtocol', 'HealthCheckPort', 'HealthCheckPath',
                'HealthCheckIntervalSeconds', 'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount') {
                $green.$property | Should -Be $tg.$property -Because "the new group copies $property"
            }
            $green.Matcher.HttpCode | Should -Be '200'
            $attributes = @{}
            (Invoke-SandboxAws elbv2 describe-target-group-attributes --target-group-arn $green.TargetGroupArn).Attributes | ForEach-Object { $attributes[$_.Key] = $_.Value }
            $attributes['deregistration_delay.timeout_seconds'] | Should -Be '30'
            $attributes['stickiness.enabled'] | Should -Be 'true'
            (Get-Tags shop-tg)['bluegreen:project'] | Should -Be 'shop'
            (Get-Tags shop-tg)['bluegreen:color'] | Should -Be 'blue'
            (Get-Tags shop-green)['bluegreen:color'] | Should -Be 'green'
            Get-Rules $World.Http | Should -Be @('1: X-BlueGreen-Preview=1 -> shop-green', 'default: -> shop-tg')
            Get-Rules $World.Https | Should -Be @('1: X-BlueGreen-Preview=1 -> shop-green', 'default: -> shop-tg')
        }

        It 'leaves a world Get-BgTargetGroup reads as one live and one idle group, the idle one forwarded to by the preview rules' {
            $live = Get-BgTargetGroup -Role Live
            $idle = Get-BgTargetGroup -Role Idle
            ($live.Name, $live.Color, $live.HealthyCount) | Should -Be @('shop-tg', 'blue', 2)
            ($idle.Name, $idle.Color) | Should -Be @('shop-green', 'green')
            $idle.ForwardedBy | Sort-Object | Should -Be @('HTTP:80 rule 1 (preview)', 'HTTPS:443 rule 1 (preview)')
        }

        It 'routes a request with the preview header through the HTTPS listener (the smoke check''s route) to the idle group' {
            # A machine on loopback in the idle group; the preview rule attaches the group, so the load balancer checks it.
            $green = (Invoke-SandboxAws elbv2 describe-target-groups --names shop-green).TargetGroups[0]
            $machine = (Invoke-SandboxAws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1 --private-ip-address 127.0.0.1).Instances[0]
            Invoke-SandboxAws elbv2 register-targets --target-group-arn $green.TargetGroupArn --targets "Id=$($machine.InstanceId),Port=$($Server.Port)" | Out-Null
            Wait-Until -Because 'the idle group''s loopback machine to be healthy' {
                (Invoke-SandboxAws elbv2 describe-target-health --target-group-arn $green.TargetGroupArn).TargetHealthDescriptions[0].TargetHealth.State -eq 'healthy'
            }
            $Server.ClearRequests()
            $url = $Sandbox.GetListenerUrl($World.Https.ListenerArn)
            $url.Scheme | Should -Be 'https'

            $body = & /usr/bin/curl -sS --fail --cacert $Sandbox.DataPlaneCertificatePath -H 'X-BlueGreen-Preview: 1' "$($url)smoke-probe" 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "$body"

            $probe = @($Server.Requests | Where-Object Path -eq '/smoke-probe')
            $probe | Should -HaveCount 1
            $probe[0].Preview | Should -Be '1'
        }

        It 'changes nothing when run again, and says so: every item Unchanged' {
            $Sandbox.ClearRequests()

            $items = Initialize-BgLoadBalancer -Verbose 4>&1
            $verbose = $items | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $items = $items | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

            $items | Should -HaveCount 6
            $items.Status | Sort-Object -Unique | Should -Be 'Unchanged'
            ($verbose.Message -join "`n") | Should -Match 'nothing to change'
            Get-WriteCall | Should -BeNullOrEmpty -Because 'a second run only reads'
            Get-Rules $World.Https | Should -Be @('1: X-BlueGreen-Preview=1 -> shop-green', 'default: -> shop-tg')
            @((Invoke-SandboxAws elbv2 describe-target-groups).TargetGroups) | Should -HaveCount 2
        }

        It 'is ready for a switch: Switch-BgTargetGroup makes the new group live and moves the preview rules to the old one' {
            $changes = Switch-BgTargetGroup -WaitForHealthy -HealthTimeoutSec 60 -Force

            ($changes | ForEach-Object { "$($_.Listener) $($_.Rule)" } | Sort-Object) | Should -Be @('HTTP:80 1', 'HTTP:80 default', 'HTTPS:443 1', 'HTTPS:443 default')
            (Get-BgTargetGroup -Role Live).Name | Should -Be 'shop-green'
            Get-Rules $World.Https | Should -Be @('1: X-BlueGreen-Preview=1 -> shop-tg', 'default: -> shop-green')
            $Server.ClearRequests()
            $body = & /usr/bin/curl -sS --fail "$($Sandbox.GetListenerUrl($World.Http.ListenerArn))after-switch" 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "$body"
            @($Server.Requests | Where-Object Path -eq '/after-switch') | Should -HaveCount 1

            # After the switch, a third run still finds everything in place.
            (Initialize-BgLoadBalancer).Status | Sort-Object -Unique | Should -Be 'Unchanged'
        }
    }

    Context 'refusals: named, and nothing changed' {
        BeforeEach {
            $Sandbox.Reset()
        }

        It 'refuses a load balancer that does not exist' {
            $caught = Assert-Refused LoadBalancerNotFound ObjectNotFound @{ Project = 'shop'; LoadBalancer = 'no-such-alb' }
            $caught.Exception.Message | Should -Match "'no-such-alb' does not exist"
        }

        It 'refuses a load balancer with no forwarding listener' {
            $lb = (Invoke-SandboxAws elbv2 create-load-balancer --name shop-alb --subnets $Sandbox.SubnetIds[0] $Sandbox.SubnetIds[1]).LoadBalancers[0]
            Invoke-SandboxAws elbv2 create-listener --load-balancer-arn $lb.LoadBalancerArn --protocol HTTP --port 80 `
                --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}' | Out-Null
            $caught = Assert-Refused NoForwardingListener ObjectNotFound
            $caught.Exception.Message | Should -Match 'only redirect or answer fixed responses'
        }

        It 'refuses a listener that already has 100 rules' {
            $world = New-SeedWorld
            # The 100 rules as raw Query requests (the sandbox takes them unsigned; the CLI would take a second each);
            # the 101st, refused, through the CLI.
            foreach ($priority in 10..109) {
                $form = [ordered]@{
                    Action = 'CreateRule'; Version = '2015-12-01'; ListenerArn = $world.Https.ListenerArn; Priority = $priority
                    'Conditions.member.1.Field' = 'path-pattern'; 'Conditions.member.1.Values.member.1' = "/p$priority/*"
                    'Actions.member.1.Type' = 'forward'; 'Actions.member.1.TargetGroupArn' = $world.Group.TargetGroupArn
                }
                $body = ($form.GetEnumerator() | ForEach-Object { "$($_.Key)=$([uri]::EscapeDataString("$($_.Value)"))" }) -join '&'
                $response = Invoke-WebRequest -Method Post -Uri $Sandbox.Endpoint -ContentType 'application/x-www-form-urlencoded' -Body $body -SkipHttpErrorCheck
                $response.StatusCode | Should -Be 200 -Because "CreateRule $priority answered: $($response.Content)"
            }
            @((Invoke-SandboxAws elbv2 describe-rules --listener-arn $world.Https.ListenerArn).Rules).Count | Should -Be 101 -Because '100 rules and the default one'
            Assert-AwsError -Code TooManyRules -Operation CreateRule -Result (Invoke-Aws $Sandbox.Endpoint elbv2 create-rule --listener-arn $world.Https.ListenerArn --priority 1 `
                    --conditions 'Field=path-pattern,Values=/x/*' --actions "Type=forward,TargetGroupArn=$($world.Group.TargetGroupArn)")
            $caught = Assert-Refused RuleLimitReached LimitsExceeded
            $caught.Exception.Message | Should -Match 'HTTPS:443 .* already has 100 rules'
        }

        It 'refuses to take over a serving group tagged with another project' {
            $world = New-SeedWorld
            Invoke-SandboxAws elbv2 add-tags --resource-arns $world.Group.TargetGroupArn --tags 'Key=bluegreen:project,Value=billing' | Out-Null
            $caught = Assert-Refused OtherProjectTargetGroup InvalidData
            $caught.Exception.Message | Should -Match 'bluegreen:project=billing'
        }

        It 'refuses when the group it would create exists for another project' {
            New-SeedWorld -GroupName shop-blue | Out-Null
            $other = (Invoke-SandboxAws elbv2 create-target-group --name shop-green --protocol HTTP --port 80 --vpc-id $Sandbox.VpcId).TargetGroups[0]
            Invoke-SandboxAws elbv2 add-tags --resource-arns $other.TargetGroupArn --tags 'Key=bluegreen:project,Value=billing' | Out-Null
            $caught = Assert-Refused TargetGroupNameTaken ResourceExists
            $caught.Exception.Message | Should -Match 'shop-green.*another project'
        }

        It 'refuses listeners that forward to two groups, neither of them the project''s' {
            $world = New-SeedWorld
            $second = (Invoke-SandboxAws elbv2 create-target-group --name shop-api --protocol HTTP --port 80 --vpc-id $Sandbox.VpcId).TargetGroups[0]
            Invoke-SandboxAws elbv2 create-rule --listener-arn $world.Http.ListenerArn --priority 10 --conditions 'Field=path-pattern,Values=/api/*' `
                --actions "Type=forward,TargetGroupArn=$($second.TargetGroupArn)" | Out-Null
            $caught = Assert-Refused AmbiguousServingGroup InvalidData
            $caught.Exception.Message | Should -Match 'HTTP:80 rule 10 → shop-api'
        }
    }
}
