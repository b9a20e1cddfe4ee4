# The benchmark's worlds in the sandbox, built over the sandbox's own Query API from the harness's pwsh (one HTTP
# request per call: the AWS CLI would cost about 1 s of CPU per call just to set a world up). Nothing here is timed.

$script:Endpoint = $null
$script:Sandbox = $null
$script:Ec2Version = '2016-11-15'
$script:ElbVersion = '2015-12-01'

function Set-BenchSandbox([Parameter(Mandatory)] $Sandbox) { $script:Sandbox = $Sandbox; $script:Endpoint = $Sandbox.Endpoint }

function Invoke-SandboxQuery {
    # One Query API call (the sandbox picks the service by Version); returns the response as [xml], throws on an error.
    param([Parameter(Mandatory)] [ValidateSet('ec2', 'elb')] [string] $Service, [Parameter(Mandatory)] [System.Collections.IDictionary] $Parameters)
    $form = [ordered]@{ Version = if ($Service -eq 'ec2') { $script:Ec2Version } else { $script:ElbVersion } }
    foreach ($key in $Parameters.Keys) { $form[$key] = [string] $Parameters[$key] }
    $body = ($form.GetEnumerator() | ForEach-Object { [uri]::EscapeDataString($_.Key) + '=' + [uri]::EscapeDataString($_.Value) }) -join '&'
    $response = Invoke-WebRequest -Uri $script:Endpoint -Method Post -Body $body -ContentType 'application/x-www-form-urlencoded; charset=utf-8' -SkipHttpErrorCheck
    if ($response.StatusCode -ge 300) { throw "sandbox $($Parameters.Action) failed ($($response.StatusCode)): $($response.Content)" }
    [xml] $response.Content
}

function Get-XmlText([xml] $Xml, [string] $Element) {
    @($Xml.SelectNodes("//*[local-name()='$Element']") | ForEach-Object InnerText)
}

function Get-XmlFirst([xml] $Xml, [string] $Element) {
    $Xml.SelectSingleNode("//*[local-name()='$Element']").InnerText
}

function New-BenchInstance {
    # RunInstances for one instance (what the fake docker-machine does for a create); returns its id.
    param([string] $KeyName = 'bench', [string] $PrivateIpAddress)
    $parameters = [ordered]@{ Action = 'RunInstances'; ImageId = 'ami-0123456789abcdef0'; InstanceType = 't3.micro'; MinCount = 1; MaxCount = 1; KeyName = $KeyName }
    if ($PrivateIpAddress) { $parameters.PrivateIpAddress = $PrivateIpAddress }
    (Get-XmlFirst (Invoke-SandboxQuery ec2 $parameters) 'instanceId')
}

function Register-BenchTarget([string] $TargetGroupArn, [string[]] $InstanceId, [int] $Port = 0) {
    $parameters = [ordered]@{ Action = 'RegisterTargets'; TargetGroupArn = $TargetGroupArn }
    for ($i = 0; $i -lt $InstanceId.Count; $i++) {
        $parameters["Targets.member.$($i + 1).Id"] = $InstanceId[$i]
        if ($Port) { $parameters["Targets.member.$($i + 1).Port"] = $Port }
    }
    Invoke-SandboxQuery elb $parameters | Out-Null
}

function New-BenchWorld {
    <#
    The project's world: load balancer 'bench' (tag bluegreen:project=bench), target groups bench-blue (live) and
    bench-green (idle) on port 80, $ForwardingListeners HTTP listeners forwarding to blue (ports 80, 81, ...), one
    redirect listener (8080 -> HTTPS 443). -PreviewRule: BlueGreen's preview rule on the first listener (header
    X-BlueGreen-Preview forwarding to green); the seed's world has none (its INACTIVE group is guessed from the groups
    attached to the load balancer, so green must not be attached). Returns the ARNs.
    #>
    param(
        [int] $ForwardingListeners = 1,
        [switch] $PreviewRule,
        [int] $GroupPort = 80,
        [string] $HealthCheckPath = '/health/'
    )
    $subnets = @($script:Sandbox.SubnetIds)
    $vpc = $script:Sandbox.VpcId
    $lb = Invoke-SandboxQuery elb ([ordered]@{ Action = 'CreateLoadBalancer'; Name = 'bench'; 'Subnets.member.1' = $subnets[0]; 'Subnets.member.2' = $subnets[1]; 'Tags.member.1.Key' = 'bluegreen:project'; 'Tags.member.1.Value' = 'bench' })
    $lbArn = (Get-XmlFirst $lb 'LoadBalancerArn')
    $groups = [ordered]@{}
    foreach ($color in 'blue', 'green') {
        $tg = Invoke-SandboxQuery elb ([ordered]@{
                Action = 'CreateTargetGroup'; Name = "bench-$color"; Protocol = 'HTTP'; Port = $GroupPort; VpcId = $vpc; TargetType = 'instance'
                HealthCheckPath = $HealthCheckPath; HealthCheckIntervalSeconds = 5; HealthCheckTimeoutSeconds = 2; HealthyThresholdCount = 2; UnhealthyThresholdCount = 2
                'Tags.member.1.Key' = 'bluegreen:project'; 'Tags.member.1.Value' = 'bench'; 'Tags.member.2.Key' = 'bluegreen:color'; 'Tags.member.2.Value' = $color
            })
        $groups[$color] = (Get-XmlFirst $tg 'TargetGroupArn')
        Invoke-SandboxQuery elb ([ordered]@{ Action = 'ModifyTargetGroupAttributes'; TargetGroupArn = $groups[$color]; 'Attributes.member.1.Key' = 'deregistration_delay.timeout_seconds'; 'Attributes.member.1.Value' = '0' }) | Out-Null
    }
    $listeners = @()
    for ($i = 0; $i -lt $ForwardingListeners; $i++) {
        $l = Invoke-SandboxQuery elb ([ordered]@{ Action = 'CreateListener'; LoadBalancerArn = $lbArn; Protocol = 'HTTP'; Port = 80 + $i; 'DefaultActions.member.1.Type' = 'forward'; 'DefaultActions.member.1.TargetGroupArn' = $groups.blue })
        $listeners += (Get-XmlFirst $l 'ListenerArn')
    }
    $redirect = Invoke-SandboxQuery elb ([ordered]@{
            Action = 'CreateListener'; LoadBalancerArn = $lbArn; Protocol = 'HTTP'; Port = 8080
            'DefaultActions.member.1.Type' = 'redirect'; 'DefaultActions.member.1.RedirectConfig.Protocol' = 'HTTPS'; 'DefaultActions.member.1.RedirectConfig.Port' = '443'; 'DefaultActions.member.1.RedirectConfig.StatusCode' = 'HTTP_301'
        })
    if ($PreviewRule) {
        Invoke-SandboxQuery elb ([ordered]@{
                Action = 'CreateRule'; ListenerArn = $listeners[0]; Priority = 1
                'Conditions.member.1.Field' = 'http-header'; 'Conditions.member.1.HttpHeaderConfig.HttpHeaderName' = 'X-BlueGreen-Preview'; 'Conditions.member.1.HttpHeaderConfig.Values.member.1' = '1'
                'Actions.member.1.Type' = 'forward'; 'Actions.member.1.TargetGroupArn' = $groups.green
            }) | Out-Null
    }
    [pscustomobject]@{
        LoadBalancerArn  = $lbArn
        Blue             = $groups.blue
        Green            = $groups.green
        Listeners        = $listeners
        RedirectListener = (Get-XmlFirst $redirect 'ListenerArn')
    }
}

function Add-BenchPathRule {
    # A path rule (/api/*, priority 10) on a listener, forwarding to a group: a second rule for a switch to move.
    param([Parameter(Mandatory)] [string] $ListenerArn, [Parameter(Mandatory)] [string] $TargetGroupArn)
    Invoke-SandboxQuery elb ([ordered]@{
            Action = 'CreateRule'; ListenerArn = $ListenerArn; Priority = 10
            'Conditions.member.1.Field' = 'path-pattern'; 'Conditions.member.1.PathPatternConfig.Values.member.1' = '/api/*'
            'Actions.member.1.Type' = 'forward'; 'Actions.member.1.TargetGroupArn' = $TargetGroupArn
        }) | Out-Null
}

function Get-BenchListenerAction {
    # Every listener's default action: type and the group it forwards to (to check what a switch did).
    param([string] $LoadBalancerArn)
    $xml = Invoke-SandboxQuery elb @{ Action = 'DescribeListeners'; LoadBalancerArn = $LoadBalancerArn }
    foreach ($listener in $xml.SelectNodes("//*[local-name()='Listeners']/*[local-name()='member']")) {
        $action = $listener.SelectSingleNode("*[local-name()='DefaultActions']/*[local-name()='member']")
        [pscustomobject]@{
            Port        = [int] $listener.SelectSingleNode("*[local-name()='Port']").InnerText
            Type        = $action.SelectSingleNode("*[local-name()='Type']").InnerText
            TargetGroup = $action.SelectSingleNode(".//*[local-name()='TargetGroupArn']")?.InnerText
        }
    }
}

function Get-BenchTargetId([string] $TargetGroupArn) {
    Get-XmlText (Invoke-SandboxQuery elb @{ Action = 'DescribeTargetHealth'; TargetGroupArn = $TargetGroupArn }) 'Id'
}

Export-ModuleMember -Function Set-BenchSandbox, Invoke-SandboxQuery, Get-XmlText, Get-XmlFirst, New-BenchInstance, Register-BenchTarget, New-BenchWorld, Add-BenchPathRule, Get-BenchListenerAction, Get-BenchTargetId
