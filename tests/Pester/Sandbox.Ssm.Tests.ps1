# Fidelity of the sandbox's SSM Parameter Store (AWS JSON 1.1), checked with the official AWS CLI (Debian's /usr/bin/aws v2):
# what the CLI reads back, its error codes and exit statuses, paging (the service's --max-results/--next-token and the
# CLI's own --max-items/--page-size/--starting-token), and its retries on injected faults.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force

    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    # Never reach real AWS: no config or credentials files, dummy credentials, every call pinned to the sandbox.
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox

    function Invoke-Aws { BlueGreenTestSupport\Invoke-Aws -Endpoint $script:Sandbox.Endpoint @args }
    function Invoke-AwsJson { BlueGreenTestSupport\Invoke-AwsJson -Endpoint $script:Sandbox.Endpoint @args }

    function New-Parameter {
        param([Parameter(Mandatory)] [string] $Name, [string] $Value = 'v', [string] $Type = 'String')
        Invoke-AwsJson ssm put-parameter --name $Name --value $Value --type $Type
    }
}

AfterAll {
    Stop-BgSandbox -All
}

Describe 'SSM put-parameter and get-parameter' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Empty') }

    It 'creates version 1 in the Standard tier, refuses a second put without --overwrite, and overwrites to version 2' {
        $created = New-Parameter -Name /shop/db/host -Value db1.internal
        $created.Version | Should -Be 1
        $created.Tier | Should -Be 'Standard'

        $again = Invoke-Aws ssm put-parameter --name /shop/db/host --value db2.internal --type String
        Assert-AwsError ParameterAlreadyExists PutParameter $again
        $again.Error | Should -Match 'To overwrite this value, set the overwrite option in the request to true'
        (Invoke-AwsJson ssm get-parameter --name /shop/db/host).Parameter.Value | Should -Be 'db1.internal'

        $overwritten = Invoke-AwsJson ssm put-parameter --name /shop/db/host --value db2.internal --overwrite
        $overwritten.Version | Should -Be 2
        $parameter = (Invoke-AwsJson ssm get-parameter --name /shop/db/host).Parameter
        $parameter.Name | Should -Be '/shop/db/host'
        $parameter.Type | Should -Be 'String'
        $parameter.Value | Should -Be 'db2.internal'
        $parameter.Version | Should -Be 2
        $parameter.ARN | Should -Be 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/db/host'
        $parameter.DataType | Should -Be 'text'
        ([datetime] $parameter.LastModifiedDate).ToUniversalTime() | Should -BeGreaterThan ([datetime]::UtcNow.AddMinutes(-5))
        (Invoke-AwsJson ssm get-parameter --name /shop/db/host:1).Parameter.Value | Should -Be 'db1.internal'
    }

    It 'answers ParameterNotFound, ParameterVersionNotFound and ValidationException for bad names' {
        Assert-AwsError ParameterNotFound GetParameter (Invoke-Aws ssm get-parameter --name /shop/none)
        Assert-AwsError ParameterVersionNotFound GetParameter (Invoke-Aws ssm get-parameter --name /shop/db/host:42)
        Assert-AwsError ValidationException GetParameter (Invoke-Aws ssm get-parameter --name 'has space')
        Assert-AwsError ValidationException PutParameter (Invoke-Aws ssm put-parameter --name 'shop/relative' --value v --type String)
        Assert-AwsError ValidationException PutParameter (Invoke-Aws ssm put-parameter --name 'awsThing' --value v --type String)
        Assert-AwsError ValidationException PutParameter (Invoke-Aws ssm put-parameter --name '/shop/new' --value v)
        Assert-AwsError HierarchyLevelLimitExceededException PutParameter (Invoke-Aws ssm put-parameter --name ('/l' * 16) --value v --type String)
    }

    It 'keeps values up to 4096 bytes in Standard and up to 8192 in Advanced' {
        (New-Parameter -Name /shop/big -Value ('x' * 4096)).Tier | Should -Be 'Standard'
        $tooBig = Invoke-Aws ssm put-parameter --name /shop/bigger --value ('x' * 4097) --type String
        Assert-AwsError ValidationException PutParameter $tooBig
        $tooBig.Error | Should -Match 'Standard tier parameters support a maximum parameter value of 4096'
        (Invoke-AwsJson ssm put-parameter --name /shop/bigger --value ('x' * 8192) --type String --tier Advanced).Tier | Should -Be 'Advanced'
        (Invoke-AwsJson ssm put-parameter --name /shop/smart --value 'small' --type String --tier Intelligent-Tiering).Tier | Should -Be 'Standard'
    }

    It 'returns a SecureString encrypted unless --with-decryption' {
        New-Parameter -Name /shop/db/password -Value 'hunter2' -Type SecureString | Out-Null
        $encrypted = (Invoke-AwsJson ssm get-parameter --name /shop/db/password).Parameter
        $encrypted.Type | Should -Be 'SecureString'
        $encrypted.Value | Should -Not -Be 'hunter2'
        (Invoke-AwsJson ssm get-parameter --name /shop/db/password --with-decryption).Parameter.Value | Should -Be 'hunter2'
        ($script:Sandbox.Requests | Where-Object Action -eq 'PutParameter' | Select-Object -Last 1).Parameters['Value'] | Should -Be '***'
        $script:Sandbox.GetStateJson() | Should -Not -Match 'hunter2'
    }
}

Describe 'SSM get-parameters, get-parameters-by-path and deletes' -Tag AwsCli {
    BeforeAll {
        $script:Sandbox.Reset('Empty')
        foreach ($i in 1..5) { New-Parameter -Name "/app/p$i" -Value "value-$i" | Out-Null }
        New-Parameter -Name /app/nested/deep -Value deep | Out-Null
        New-Parameter -Name /other/x | Out-Null
    }

    It 'get-parameters returns the found ones and the names it could not find' {
        $result = Invoke-AwsJson ssm get-parameters --names /app/p2 /app/missing /app/p1
        @($result.Parameters.Name) | Should -Be @('/app/p2', '/app/p1')
        @($result.Parameters.Value) | Should -Be @('value-2', 'value-1')
        @($result.InvalidParameters) | Should -Be @('/app/missing')
        $eleven = 1..11 | ForEach-Object { "/app/p$_" }
        Assert-AwsError ValidationException GetParameters (Invoke-Aws ssm get-parameters --names @eleven)
    }

    It 'pages manually with --max-results and --next-token: the service''s own MaxResults and NextToken, one request per page' {
        # --max-results is GetParametersByPath's MaxResults member: naming it turns the CLI's own pagination off.
        $script:Sandbox.ClearRequests()
        $names = @(); $pages = @(); $token = $null
        do {
            $arguments = @('ssm', 'get-parameters-by-path', '--path', '/app', '--max-results', '2')
            if ($token) { $arguments += @('--next-token', $token) }
            $page = Invoke-AwsJson @arguments
            $pages += @($page.Parameters).Count
            $names += $page.Parameters.Name
            $token = $page.PSObject.Properties['NextToken']?.Value
        } while ($token)

        $pages | Should -Be @(2, 2, 1)
        $names | Should -Be @('/app/p1', '/app/p2', '/app/p3', '/app/p4', '/app/p5')
        $requests = @($script:Sandbox.Requests | Where-Object Action -eq 'GetParametersByPath')
        $requests.Count | Should -Be 3
        @($requests | ForEach-Object { $_.Parameters['MaxResults'] }) | Should -Be @('2', '2', '2')
        @($requests | Where-Object { $_.Parameters.ContainsKey('NextToken') }).Count | Should -Be 2
        Assert-AwsError InvalidNextToken GetParametersByPath (Invoke-Aws ssm get-parameters-by-path --path /app --max-results 2 --next-token forged)
        # The CLI refuses its own --starting-token once --max-results has turned its pagination off.
        (Invoke-Aws ssm get-parameters-by-path --path /app --max-results 2 --starting-token anything).Error | Should -Match 'Cannot specify --no-paginate along with pagination arguments: --starting-token'
    }

    It 'pages with the CLI''s own --max-items, --page-size and --starting-token' {
        $script:Sandbox.ClearRequests()
        $names = @(); $pages = @(); $token = $null
        do {
            $arguments = @('ssm', 'get-parameters-by-path', '--path', '/app', '--max-items', '2', '--page-size', '2')
            if ($token) { $arguments += @('--starting-token', $token) }
            $page = Invoke-AwsJson @arguments
            $pages += @($page.Parameters).Count
            $names += $page.Parameters.Name
            $token = $page.PSObject.Properties['NextToken']?.Value
        } while ($token)

        $pages | Should -Be @(2, 2, 1)
        $names | Should -Be @('/app/p1', '/app/p2', '/app/p3', '/app/p4', '/app/p5')
        @($script:Sandbox.Requests | Where-Object Action -eq 'GetParametersByPath' | ForEach-Object { $_.Parameters['MaxResults'] }) | Should -Be @('2', '2', '2')
    }

    It 'pages through every page by itself with --page-size, and --recursive goes below one level' {
        $script:Sandbox.ClearRequests()
        @((Invoke-AwsJson ssm get-parameters-by-path --path /app --page-size 2).Parameters.Name) | Should -Be @('/app/p1', '/app/p2', '/app/p3', '/app/p4', '/app/p5')
        @($script:Sandbox.Requests | Where-Object Action -eq 'GetParametersByPath').Count | Should -Be 3
        @((Invoke-AwsJson ssm get-parameters-by-path --path /app --recursive).Parameters.Name) | Should -Contain '/app/nested/deep'
        Assert-AwsError ValidationException GetParametersByPath (Invoke-Aws ssm get-parameters-by-path --path /app --page-size 11)
        Assert-AwsError ValidationException GetParametersByPath (Invoke-Aws ssm get-parameters-by-path --path app)
        Assert-AwsError InvalidFilterKey GetParametersByPath (Invoke-Aws ssm get-parameters-by-path --path /app --parameter-filters 'Key=Tier,Values=Standard')
        @((Invoke-AwsJson ssm get-parameters-by-path --path /app --parameter-filters 'Key=Type,Values=SecureString').Parameters).Count | Should -Be 0
    }

    It 'describe-parameters lists metadata without values, filtered by path and type' {
        New-Parameter -Name /app/nested/key -Value hidden -Type SecureString | Out-Null
        $described = (Invoke-AwsJson ssm describe-parameters --parameter-filters 'Key=Path,Option=Recursive,Values=/app/nested' 'Key=Type,Values=SecureString').Parameters
        @($described.Name) | Should -Be @('/app/nested/key')
        $described[0].KeyId | Should -Be 'alias/aws/ssm'
        $described[0].PSObject.Properties['Value'] | Should -BeNullOrEmpty
        @((Invoke-AwsJson ssm describe-parameters --page-size 2).Parameters).Count | Should -Be 8
        Assert-AwsError InvalidFilterKey DescribeParameters (Invoke-Aws ssm describe-parameters --parameter-filters 'Key=Owner,Values=me')
        Invoke-AwsJson ssm delete-parameter --name /app/nested/key | Out-Null
    }

    It 'delete-parameter removes one and answers ParameterNotFound after' {
        Invoke-AwsJson ssm delete-parameter --name /other/x | Out-Null
        Assert-AwsError ParameterNotFound GetParameter (Invoke-Aws ssm get-parameter --name /other/x)
        Assert-AwsError ParameterNotFound DeleteParameter (Invoke-Aws ssm delete-parameter --name /other/x)
    }

    It 'delete-parameters reports what it deleted and what it could not find' {
        $result = Invoke-AwsJson ssm delete-parameters --names /app/p4 /app/p5 /app/missing
        @($result.DeletedParameters) | Should -Be @('/app/p4', '/app/p5')
        @($result.InvalidParameters) | Should -Be @('/app/missing')
        @((Invoke-AwsJson ssm get-parameters-by-path --path /app).Parameters.Name) | Should -Be @('/app/p1', '/app/p2', '/app/p3')
        $eleven = 1..11 | ForEach-Object { "/app/p$_" }
        Assert-AwsError ValidationException DeleteParameters (Invoke-Aws ssm delete-parameters --names @eleven)
    }
}

Describe 'SSM fault injection, the request log and the state' -Tag AwsCli {
    BeforeAll { $script:Sandbox.Reset('Empty') }
    AfterEach { $script:Sandbox.ClearFaults() }

    It 'throttles PutParameter twice (ThrottlingException, HTTP 400); the CLI retries and succeeds on the third attempt' {
        $script:Sandbox.ClearRequests()
        $script:Sandbox.FailNext('PutParameter', 2, 'ThrottlingException', $null, $null, 'ssm') | Out-Null

        $result = Invoke-Aws ssm put-parameter --name /retry/me --value v --type String
        $result.ExitCode | Should -Be 0
        $result.Json.Version | Should -Be 1
        $attempts = @($script:Sandbox.Requests | Where-Object Action -eq 'PutParameter')
        $attempts.Count | Should -Be 3
        @($attempts.Service | Select-Object -Unique) | Should -Be @('ssm')
        @($attempts.HttpStatus) | Should -Be @(400, 400, 200)
        @($attempts.ErrorCode) | Should -Be @('ThrottlingException', 'ThrottlingException', $null)
        @($attempts.FaultInjected) | Should -Be @($true, $true, $false)
        @($script:Sandbox.Faults).Count | Should -Be 0
    }

    It 'fails with InternalServerError (HTTP 500) once the retries are used up' {
        $script:Sandbox.ClearRequests()
        $script:Sandbox.FailNext('GetParameter', 5, 'InternalServerError', $null, $null, 'ssm') | Out-Null
        Assert-AwsError InternalServerError GetParameter (Invoke-Aws ssm get-parameter --name /retry/me)
        @($script:Sandbox.Requests | Where-Object Action -eq 'GetParameter').HttpStatus | Should -Be @(500, 500, 500)
        $script:Sandbox.Faults[0].Remaining | Should -Be 2
    }

    It 'does not apply a fault for another service to SSM' {
        $script:Sandbox.FailNext('*', 5, 'Throttling', $null, $null, 'elasticloadbalancing') | Out-Null
        (Invoke-AwsJson ssm get-parameter --name /retry/me).Parameter.Value | Should -Be 'v'
        $script:Sandbox.Faults[0].Remaining | Should -Be 5
    }

    It 'takes SSM faults and latency through the HTTP control endpoint' {
        $base = "$($script:Sandbox.Endpoint)_sandbox"
        Invoke-RestMethod -Method Post -Uri "$base/faults" -ContentType 'application/json' -Body '{"service":"ssm","action":"GetParameters","latencyMs":1500}' | Out-Null
        $faults = Invoke-RestMethod -Method Post -Uri "$base/faults" -ContentType 'application/json' -Body '{"service":"ssm","action":"DeleteParameter","errorCode":"ThrottlingException","count":1}'
        @($faults).Count | Should -Be 2
        $script:Sandbox.ClearRequests()

        $slow = Measure-Command { Invoke-AwsJson ssm get-parameters --names /retry/me | Out-Null }
        $slow.TotalMilliseconds | Should -BeGreaterOrEqual 1500
        Invoke-AwsJson ssm delete-parameter --name /retry/me | Out-Null
        @((Invoke-RestMethod "$base/requests") | Where-Object action -eq 'DeleteParameter').errorCode | Should -Be @('ThrottlingException', $null)
        @((Invoke-RestMethod "$base/requests") | Where-Object action -eq 'DeleteParameter').service | Should -Be @('ssm', 'ssm')
    }

    It 'dumps parameters in the state deterministically: reads leave it byte-identical, writes change it, reset clears it' {
        New-Parameter -Name /state/b | Out-Null
        New-Parameter -Name /state/a | Out-Null
        $before = (Invoke-WebRequest "$($script:Sandbox.Endpoint)_sandbox/state").Content
        $before | Should -BeExactly $script:Sandbox.GetStateJson()
        @(($before | ConvertFrom-Json).parameters.name) | Should -Be @('/state/a', '/state/b')

        Invoke-AwsJson ssm get-parameters-by-path --path /state | Out-Null
        Invoke-AwsJson ssm get-parameter --name /state/a | Out-Null
        $script:Sandbox.GetStateJson() | Should -BeExactly $before

        Invoke-AwsJson ssm put-parameter --name /state/a --value changed --overwrite | Out-Null
        $script:Sandbox.GetStateJson() | Should -Not -BeExactly $before
        (($script:Sandbox.GetStateJson() | ConvertFrom-Json).parameters | Where-Object name -eq '/state/a').versions.version | Should -Be @(1, 2)

        Invoke-RestMethod -Method Post -Uri "$($script:Sandbox.Endpoint)_sandbox/reset" -ContentType 'application/json' -Body '{"scenario":"Empty"}' | Out-Null
        @(($script:Sandbox.GetStateJson() | ConvertFrom-Json).parameters).Count | Should -Be 0
        Assert-AwsError ParameterNotFound GetParameter (Invoke-Aws ssm get-parameter --name /state/a)
    }
}
