BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    $script:Variables = 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'

    function Get-AwsEnvironment {
        $values = [ordered]@{}
        foreach ($name in $script:Variables) { $values[$name] = [Environment]::GetEnvironmentVariable($name) }
        [pscustomobject]$values
    }
}

Describe 'Stop-BgSandbox' {
    AfterEach { Stop-BgSandbox -All }

    BeforeEach {
        $env:AWS_ENDPOINT_URL = $null
        $env:AWS_REGION = 'ap-southeast-2'
        $env:AWS_ACCESS_KEY_ID = 'AKIAORIGINAL'
        $env:AWS_PROFILE = 'work'
    }

    It 'stops the current sandbox and restores the environment it replaced' {
        $before = Get-AwsEnvironment | ConvertTo-Json
        $sandbox = Start-BgSandbox
        Stop-BgSandbox | Should -BeNullOrEmpty
        $sandbox.IsRunning | Should -BeFalse
        Get-AwsEnvironment | ConvertTo-Json | Should -Be $before
        $env:AWS_ENDPOINT_URL | Should -BeNullOrEmpty
        $env:AWS_PROFILE | Should -Be 'work'
        { Invoke-WebRequest "$($sandbox.Endpoint)_sandbox/state" -TimeoutSec 5 } | Should -Throw
    }

    It 'takes sandboxes from the pipeline and passes them through with -PassThru' {
        $first = Start-BgSandbox
        $second = Start-BgSandbox -Seed
        $stopped = $first | Stop-BgSandbox -PassThru
        $stopped | Should -Be $first
        $first.IsRunning | Should -BeFalse
        $second.IsRunning | Should -BeTrue
        $env:AWS_ENDPOINT_URL | Should -Be $second.Endpoint.GetLeftPart('Authority')
        @(Get-BgSandbox) | Should -Be @($second)
        $second.GetStateJson() | ConvertFrom-Json | ForEach-Object { $_.loadBalancers.name } | Should -Be 'bluegreen-demo'
    }

    It 'restores the original environment whatever the order sandboxes are stopped in' {
        $before = Get-AwsEnvironment | ConvertTo-Json
        $first = Start-BgSandbox
        $second = Start-BgSandbox -Region us-west-2
        Stop-BgSandbox -Sandbox $first
        $env:AWS_REGION | Should -Be 'us-west-2'
        Stop-BgSandbox -Sandbox $second
        Get-AwsEnvironment | ConvertTo-Json | Should -Be $before
    }

    It 'does nothing, without error, when no sandbox runs, and keeps the state of a stopped one readable' {
        $sandbox = Start-BgSandbox -Seed
        Stop-BgSandbox
        { Stop-BgSandbox -ErrorAction Stop } | Should -Not -Throw
        { $sandbox | Stop-BgSandbox -ErrorAction Stop } | Should -Not -Throw
        ($sandbox.GetStateJson() | ConvertFrom-Json).targetGroups.name | Should -Be @('bluegreen-demo-blue', 'bluegreen-demo-green')
    }

    It 'changes nothing with -WhatIf and has help with examples' {
        $sandbox = Start-BgSandbox
        Stop-BgSandbox -WhatIf
        $sandbox.IsRunning | Should -BeTrue
        @((Get-Help Stop-BgSandbox -Examples).Examples.Example).Count | Should -BeGreaterOrEqual 2
    }
}
