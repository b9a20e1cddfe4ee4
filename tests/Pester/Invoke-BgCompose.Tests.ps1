# Invoke-BgCompose against the fake docker-machine and docker of tests/fakes (docker-machine machines: tcp:// with
# TLS) and the sandbox's EC2 (ssh:// machines; its load balancer is what Get-BgMachine reads). The fakes record every argument array they receive.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed   # Get-BgMachine reads the load balancer
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-compose-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -Provider DockerMachine
    $script:ProjectDirectory = Split-Path $Config
}

AfterAll {
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Invoke-BgCompose on docker-machine machines' {
    BeforeEach {
        Reset-FakeState (Join-Path $Work 'fake')
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000aaaa | Out-Null
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000bbbb | Out-Null
    }

    It "runs on every piped machine with that machine's connection, in the compose project directory" {
        $lines = @(Get-BgMachine -ConfigPath $Config | Invoke-BgCompose -ConfigPath $Config -Arguments 'up', '--build', '-d')
        $lines | Should -BeNullOrEmpty   # compose up writes its progress to standard error

        $calls = @(Get-FakeCall docker)
        $calls.Count | Should -Be 2
        foreach ($name in 'demo-0000aaaa', 'demo-0000bbbb') {
            $inspect = Invoke-FakeDockerMachine inspect $name | ConvertFrom-Json
            $call = $calls | Where-Object { $_.env.DOCKER_MACHINE_NAME -eq $name }
            $call.argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'up', '--build', '-d')
            $call.cwd | Should -Be $ProjectDirectory
            $call.env.DOCKER_HOST | Should -Be "tcp://$($inspect.Driver.IPAddress):2376"
            $call.env.DOCKER_TLS_VERIFY | Should -Be '1'
            $call.env.DOCKER_CERT_PATH | Should -Be $inspect.HostOptions.AuthOptions.StorePath
        }
    }

    It 'returns the output as lines' {
        Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'up', '-d' | Out-Null
        Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'ps' | Should -Be @('app-django-1   django   running', 'app-postgres-1   postgres   running')
    }

    It 'passes arguments with shell syntax as single arguments, never through a shell' {
        Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'up', '-d' | Out-Null
        $lines = Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'exec', '-T', 'django', 'echo', 'a; rm -rf /', '$(reboot)', '`id`'
        $lines | Should -Be 'echo a; rm -rf / $(reboot) `id`'
        (Get-FakeCall docker | Select-Object -Last 1).argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'exec', '-T', 'django', 'echo', 'a; rm -rf /', '$(reboot)', '`id`')
    }

    It 'does not let DOCKER_* variables of the session point docker elsewhere' {
        $saved = $env:DOCKER_HOST
        try {
            $env:DOCKER_HOST = 'tcp://203.0.113.66:2376'
            Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'ps' | Out-Null
        }
        finally { $env:DOCKER_HOST = $saved }
        (Get-FakeCall docker | Select-Object -Last 1).env.DOCKER_HOST | Should -Not -Be 'tcp://203.0.113.66:2376'
    }

    It 'turns a non-zero exit into an error with exit code and standard error, and goes on with the next machine' {
        Invoke-BgCompose -ConfigPath $Config -Name demo-0000bbbb -Arguments 'up', '-d' | Out-Null
        $lines = Get-BgMachine -ConfigPath $Config | Invoke-BgCompose -ConfigPath $Config -Arguments 'exec', '-T', 'django', 'true' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvokeBgComposeCommandFailed*'
        $failures[0].TargetObject | Should -Be 'demo-0000aaaa'
        $failures[0].Exception.ExitCode | Should -Be 1
        $failures[0].Exception.StandardError | Should -Match 'service "django" is not running'
        $lines | Should -Be 'true'
    }

    It 'reports a machine that does not exist' {
        Invoke-BgCompose -ConfigPath $Config -Name demo-deadbeef -Arguments 'ps' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvokeBgComposeMachineNotFound*'
        Get-FakeCall docker | Should -BeNullOrEmpty
    }

    It 'rejects hostile machine names before anything runs: <Name>' -ForEach @(@{ Name = '--driver=none' }, @{ Name = 'x; rm -rf /' }, @{ Name = '-H' }) {
        Invoke-BgCompose -ConfigPath $Config -Name $Name -Arguments 'ps' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvokeBgComposeInvalidMachineName*'
        Get-FakeCall docker | Should -BeNullOrEmpty
        Get-FakeCall docker-machine | Where-Object { $_.argv[0] -ne 'create' } | Should -BeNullOrEmpty
    }

    It '-WhatIf runs nothing' {
        Invoke-BgCompose -ConfigPath $Config -Name demo-0000aaaa -Arguments 'down' -WhatIf
        Get-FakeCall docker | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-BgCompose on EC2 machines' {
    BeforeAll {
        $script:Ec2Config = New-MachineTestProject -Directory (Join-Path $Work 'ec2-project') -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
    }

    It 'reaches each machine over ssh:// and removes TLS variables left in the session' {
        Reset-FakeState (Join-Path $Work 'fake')
        $saved = @{ Verify = $env:DOCKER_TLS_VERIFY; Cert = $env:DOCKER_CERT_PATH }
        try {
            $env:DOCKER_TLS_VERIFY = '1'
            $env:DOCKER_CERT_PATH = '/somewhere/else'
            $machines = @(Get-BgMachine -ConfigPath $Ec2Config -Role Live)
            $machines | Invoke-BgCompose -ConfigPath $Ec2Config -Arguments 'pull' | Out-Null
        }
        finally {
            $env:DOCKER_TLS_VERIFY = $saved.Verify
            $env:DOCKER_CERT_PATH = $saved.Cert
        }

        $calls = @(Get-FakeCall docker)
        $calls.Count | Should -Be 2
        $calls.env.DOCKER_HOST | Sort-Object | Should -Be ($machines | ForEach-Object { "ssh://ubuntu@$($_.Address)" } | Sort-Object)
        $calls | ForEach-Object { $_.env.PSObject.Properties.Name | Should -Not -Contain 'DOCKER_TLS_VERIFY'; $_.env.PSObject.Properties.Name | Should -Not -Contain 'DOCKER_CERT_PATH' }
    }
}
