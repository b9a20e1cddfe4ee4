# Invoke-BgManage on docker-machine machines (fake docker-machine and docker of tests/fakes, recording every argument
# array) and as a local command against the real Django projects of tests/django (Debian's python3-django).
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed   # Get-BgMachine reads the load balancer
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-manage-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -Provider DockerMachine
    $script:RunConfig = New-MachineTestProject -Directory (Join-Path $Work 'run-project') -Provider DockerMachine -ManageMode Run
    $script:LocalConfig = New-MachineTestProject -Directory (Join-Path $Work 'local-project') -Provider DockerMachine `
        -LocalCommand '/usr/bin/python3', 'manage.py' -LocalWorkingDirectory (Join-Path $PSScriptRoot '../django/release1')
}

AfterAll {
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Invoke-BgManage on machines' -Tag Django {
    BeforeEach {
        Reset-FakeState (Join-Path $Work 'fake')
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000aaaa | Out-Null
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000bbbb | Out-Null
        Get-BgMachine -ConfigPath $Config | Invoke-BgCompose -ConfigPath $Config -Arguments 'up', '-d' | Out-Null
    }

    It 'execs manage.py in the running django service by default and returns its lines' {
        $env:BLUEGREEN_FAKE_EXEC_STDOUT = 'catalog\n [X] 0001_initial\n [ ] 0002_product_price'
        $lines = Invoke-BgManage -ConfigPath $Config -Name demo-0000aaaa -Arguments 'showmigrations', 'catalog'

        $lines | Should -Be @('catalog', ' [X] 0001_initial', ' [ ] 0002_product_price')
        $call = Get-FakeCall docker | Select-Object -Last 1
        $call.argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'exec', '-T', 'django', 'python', '/app/manage.py', 'showmigrations', 'catalog')
        $call.env.DOCKER_MACHINE_NAME | Should -Be 'demo-0000aaaa'
        # First BlueGreen looked for the service's container to docker exec in; the fake lists none, so compose exec ran.
        $lookup = @(Get-FakeCall docker -IncludeLookup | Where-Object { $_.argv[0] -eq 'ps' } | Select-Object -Last 1)
        $lookup.argv | Should -Contain 'label=com.docker.compose.service=django'
        $lookup.env.DOCKER_MACHINE_NAME | Should -Be 'demo-0000aaaa'
    }

    It 'runs on every piped machine' {
        Get-BgMachine -ConfigPath $Config | Invoke-BgManage -ConfigPath $Config -Arguments 'check' | Should -Be @('python /app/manage.py check', 'python /app/manage.py check')
        (Get-FakeCall docker | Select-Object -Last 2).env.DOCKER_MACHINE_NAME | Should -Be @('demo-0000aaaa', 'demo-0000bbbb')
    }

    It '-Mode Run uses a fresh container (the entrypoint sets DATABASE_URL)' {
        Invoke-BgManage -ConfigPath $Config -Name demo-0000aaaa -Arguments 'migrate', '--noinput' -Mode Run | Out-Null
        (Get-FakeCall docker | Select-Object -Last 1).argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'run', '--rm', '-T', 'django', 'python', '/app/manage.py', 'migrate', '--noinput')
    }

    It 'Manage.Mode = Run in the project file makes run the default' {
        Invoke-BgManage -ConfigPath $RunConfig -Name demo-0000aaaa -Arguments 'migrate' | Out-Null
        (Get-FakeCall docker | Select-Object -Last 1).argv[3..5] | Should -Be @('run', '--rm', '-T')
    }

    It 'turns a non-zero exit into an error carrying exit code and standard error, after the lines printed' {
        $env:BLUEGREEN_FAKE_FAIL_EXEC = 'all'
        $env:BLUEGREEN_FAKE_EXEC_EXIT_CODE = '3'
        $env:BLUEGREEN_FAKE_EXEC_STDERR = 'django.db.utils.OperationalError: could not connect to server'
        $env:BLUEGREEN_FAKE_EXEC_STDOUT = 'Operations to perform:\n'
        $lines = Invoke-BgManage -ConfigPath $Config -Name demo-0000aaaa, demo-0000bbbb -Arguments 'migrate' -ErrorVariable failures -ErrorAction SilentlyContinue

        $lines | Should -Be @('Operations to perform:', 'Operations to perform:')
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvokeBgManageCommandFailed*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failures[0].TargetObject | Should -Be 'demo-0000aaaa'
        $failures[0].Exception.ExitCode | Should -Be 3
        $failures[0].Exception.StandardError | Should -Match 'could not connect to server'
        $failures[1].TargetObject | Should -Be 'demo-0000bbbb'
    }

    It 'passes manage.py arguments as single arguments' {
        Invoke-BgManage -ConfigPath $Config -Name demo-0000aaaa -Arguments 'shell', '-c', 'import os; os.system("id")' | Out-Null
        (Get-FakeCall docker | Select-Object -Last 1).argv[-3..-1] | Should -Be @('shell', '-c', 'import os; os.system("id")')
    }

    It 'rejects hostile machine names before anything runs: <Name>' -ForEach @(@{ Name = '--driver=none' }, @{ Name = 'x; rm -rf /' }) {
        $before = @(Get-FakeCall).Count
        Invoke-BgManage -ConfigPath $Config -Name $Name -Arguments 'check' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvokeBgManageInvalidMachineName*'
        @(Get-FakeCall).Count | Should -Be $before
    }

    It '-WhatIf runs nothing' {
        $before = @(Get-FakeCall).Count
        Invoke-BgManage -ConfigPath $Config -Name demo-0000aaaa -Arguments 'migrate' -WhatIf
        @(Get-FakeCall).Count | Should -Be $before
    }
}

Describe 'Invoke-BgManage with the local command' -Tag Django {
    BeforeAll {
        $databaseDirectory = New-Item -ItemType Directory -Force -Path (Join-Path $Work 'db')
        $script:Database = New-TestDatabase $databaseDirectory.FullName release1
        $env:BLUEGREEN_TEST_DATABASE = $Database
        $env:PYTHONDONTWRITEBYTECODE = '1'
    }

    AfterAll {
        Remove-Item Env:BLUEGREEN_TEST_DATABASE, Env:PYTHONDONTWRITEBYTECODE -ErrorAction SilentlyContinue
    }

    It 'runs Manage.LocalCommand in Manage.LocalWorkingDirectory when no machine is given' {
        $lines = Invoke-BgManage -ConfigPath $LocalConfig -Arguments 'showmigrations', 'catalog'
        $lines[0] | Should -Be 'catalog'
        $lines | Should -Contain ' [X] 0001_initial'
    }

    It "fails with Django's exit code and standard error" {
        { Invoke-BgManage -ConfigPath $LocalConfig -Arguments 'nosuchcommand' -ErrorAction Stop } | Should -Throw -ErrorId 'InvokeBgManageCommandFailed*'
        try { Invoke-BgManage -ConfigPath $LocalConfig -Arguments 'nosuchcommand' -ErrorAction Stop } catch { $failure = $_ }
        $failure.Exception.ExitCode | Should -Be 1
        $failure.Exception.StandardError | Should -Match "Unknown command: 'nosuchcommand'"
    }

    It 'says what to configure when there is neither a machine nor a local command' {
        { Invoke-BgManage -ConfigPath $Config -Arguments 'check' -ErrorAction Stop } | Should -Throw -ErrorId 'InvokeBgManageNoLocalManageCommand*' -ExpectedMessage '*Manage.LocalCommand*'
    }
}

Describe 'Invoke-BgManage deadlines' {
    BeforeAll {
        # A manage command that never ends by itself: only the deadline stops it.
        $script:SlowConfig = New-MachineTestProject -Directory (Join-Path $Work 'slow-project') -Provider DockerMachine -CommandTimeoutSeconds 2 `
            -LocalCommand '/usr/bin/python3', '-c', 'import time, sys; time.sleep(120)'
    }

    It 'stops a command after CommandTimeoutSeconds of the project, naming the command and the time allowed' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try { Invoke-BgManage -ConfigPath $SlowConfig -Arguments 'migrate' -ErrorAction Stop } catch { $failure = $_ }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvokeBgManageCommandTimedOut*'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure.Exception.Message | Should -BeLike "*time.sleep(120)*migrate*within the 2 s it was allowed*"
    }

    It '-CommandTimeoutSec overrides the project and says so on -Verbose' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $verbose = $( try { Invoke-BgManage -ConfigPath $SlowConfig -Arguments 'check' -CommandTimeoutSec 1 -ErrorAction Stop -Verbose 4>&1 } catch { $failure = $_ } )
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
        $failure.Exception.Message | Should -BeLike '*within the 1 s it was allowed*'
        ($verbose | Out-String) | Should -BeLike '*1 s each (-CommandTimeoutSec)*'
    }

    It 'refuses a deadline of zero, which would mean none' {
        { Invoke-BgManage -ConfigPath $SlowConfig -Arguments 'check' -CommandTimeoutSec 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
