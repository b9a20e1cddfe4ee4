# New-BgMachine against the sandbox's EC2 and ELBv2 (read back with the official AWS CLI) and the fake
# docker-machine and docker executables of tests/fakes (wired through the project file, never through PATH).
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-new-machine-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -MaxParallelLaunches 8 `
        -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
    $script:DockerMachineConfig = New-MachineTestProject -Directory (Join-Path $Work 'dm-project') -Provider DockerMachine

    function Get-LiveInstance {
        # The project's pending or running instances, as the AWS CLI sees them.
        @((Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --filters 'Name=tag:bluegreen:project,Values=demo' 'Name=instance-state-name,Values=pending,running').Reservations.Instances)
    }

    function Get-TargetId([string] $GroupName) {
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names $GroupName).TargetGroups[0]
        @((Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions.Target.Id)
    }

    function Measure-Launch([int] $Count, [string] $ConfigPath = $Config) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $machines = New-BgMachine -ConfigPath $ConfigPath -Count $Count -TargetGroup None
        $clock.Stop()
        @($machines).Count | Should -Be $Count
        $clock.Elapsed.TotalSeconds
    }
}

AfterAll {
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'New-BgMachine with the EC2 provider' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
        $Sandbox.ClearRequests()
        Reset-FakeState (Join-Path $Work 'fake')
    }

    It 'launches tagged instances, starts the app on each over ssh and registers them in the chosen group' {
        $before = Get-LiveInstance
        $machines = @(New-BgMachine -ConfigPath $Config -Count 2 -TargetGroup Idle -Release v42)

        $machines.Count | Should -Be 2
        $machines | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Machines.Machine' }
        $machines.Name | ForEach-Object { $_ | Should -Match '^demo-[0-9a-f]{8}$' }
        ($machines.Role | Select-Object -Unique) | Should -Be 'Idle'
        ($machines.Color | Select-Object -Unique) | Should -Be 'green'
        ($machines.TargetGroup | Select-Object -Unique) | Should -Be 'bluegreen-demo-green'
        ($machines.Release | Select-Object -Unique) | Should -Be 'v42'
        ($machines.Provider | Select-Object -Unique) | Should -Be 'Ec2'

        $after = Get-LiveInstance
        $after.Count | Should -Be ($before.Count + 2)
        foreach ($machine in $machines) {
            $instance = $after | Where-Object InstanceId -EQ $machine.InstanceId
            ($instance.Tags | Where-Object Key -EQ 'Name').Value | Should -Be $machine.Name
            ($instance.Tags | Where-Object Key -EQ 'bluegreen:project').Value | Should -Be 'demo'
            ($instance.Tags | Where-Object Key -EQ 'bluegreen:release').Value | Should -Be 'v42'
        }
        (Get-TargetId bluegreen-demo-green) | Sort-Object | Should -Be ($machines.InstanceId | Sort-Object)

        $calls = @(Get-FakeCall docker)
        $ready = @($calls | Where-Object { $_.argv[0] -eq 'version' })
        $ups = @($calls | Where-Object { $_.argv[0] -eq 'compose' })
        $ready.Count | Should -Be 2
        $ups.Count | Should -Be 2
        foreach ($machine in $machines) {
            # Docker answered over ssh before compose ran on it.
            $version = $ready | Where-Object { $_.env.DOCKER_HOST -eq "ssh://ubuntu@$($machine.Address)" }
            $up = $ups | Where-Object { $_.env.DOCKER_HOST -eq "ssh://ubuntu@$($machine.Address)" }
            $version.argv | Should -Be @('version', '--format', '{{.Server.Version}}')
            $version.ended | Should -BeLessOrEqual $up.started
            $up.argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'up', '--build', '-d')
            $up.cwd | Should -Be (Split-Path $Config)
            foreach ($call in $version, $up) {
                $call.env.COMPOSE_PARAMIKO_SSH | Should -Be '0'
                $call.env.BLUEGREEN_MACHINE | Should -Be $machine.Name
                $call.env.BLUEGREEN_MACHINE_ADDRESS | Should -Be $machine.Instance.PrivateAddress
                $call.pathFirst | Should -BeLike '*/.state/bluegreen/ssh/*/bin'
            }
        }
    }

    It 'registers in the live group by default, as the seed did' {
        $machine = New-BgMachine -ConfigPath $Config
        $machine.Role | Should -Be 'Live'
        Get-TargetId bluegreen-demo-blue | Should -Contain $machine.InstanceId
    }

    It 'launches 3 in parallel in about the time of one' {
        $Sandbox.AddLatency('RunInstances', [TimeSpan]::FromSeconds(2)) | Out-Null
        $one = Measure-Launch 1
        $three = Measure-Launch 3
        Write-Host ("    one launch {0:N1} s, three launches {1:N1} s" -f $one, $three)
        $three | Should -BeLessThan ($one * 1.5)
    }

    It 'measures the parallel-launch ratio N=8 vs N=1 with a 2 s injected launch delay' {
        $Sandbox.AddLatency('RunInstances', [TimeSpan]::FromSeconds(2)) | Out-Null
        $one = Measure-Launch 1
        $eight = Measure-Launch 8
        $ratio = $eight / $one
        Write-Host ("    N=1 {0:N2} s, N=8 {1:N2} s, ratio {2:N2} (MaxParallelLaunches 8; sequential would be 8)" -f $one, $eight, $ratio)
        Set-Content -Path (Join-Path ([IO.Path]::GetTempPath()) 'bluegreen-parallel-launch.txt') -Value ("N=1 {0:N2} s; N=8 {1:N2} s; ratio {2:N2}" -f $one, $eight, $ratio)
        $ratio | Should -BeLessThan 2
    }

    It 'never runs more launches at once than Machines.MaxParallelLaunches' {
        $limited = New-MachineTestProject -Directory (Join-Path $Work 'limited') -MaxParallelLaunches 2 -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
        $env:BLUEGREEN_FAKE_COMPOSE_DELAY = '1'
        New-BgMachine -ConfigPath $limited -Count 4 -TargetGroup None | Out-Null
        $ups = @(Get-FakeCall docker | Where-Object { $_.argv[0] -eq 'compose' })
        $ups.Count | Should -Be 4
        $peak = ($ups | ForEach-Object { $call = $_; @($ups | Where-Object { $_.started -lt $call.ended -and $_.ended -gt $call.started }).Count } | Measure-Object -Maximum).Maximum
        $peak | Should -BeLessOrEqual 2
    }

    It 'cleans up a launch that fails half-way (compose up fails) and keeps the others' {
        $before = Get-LiveInstance
        $env:BLUEGREEN_FAKE_FAIL_COMPOSE_UP = '2'
        $machines = @(New-BgMachine -ConfigPath $Config -Count 3 -TargetGroup Idle -ErrorVariable failures -ErrorAction SilentlyContinue)

        $machines.Count | Should -Be 2
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NewBgMachineCommandFailed*'
        $failures[0].Exception.ExitCode | Should -Be 1
        $failures[0].Exception.StandardError | Should -Match 'BLUEGREEN_FAKE_FAIL_COMPOSE_UP'
        $failures[0].TargetObject | Should -Match '^demo-[0-9a-f]{8}$'
        (Get-LiveInstance).Count | Should -Be ($before.Count + 2)
        (Get-TargetId bluegreen-demo-green) | Sort-Object | Should -Be ($machines.InstanceId | Sort-Object)
    }

    It 'rolls every machine back when asked and one launch fails' {
        $before = Get-LiveInstance
        $env:BLUEGREEN_FAKE_FAIL_COMPOSE_UP = '3'
        $machines = @(New-BgMachine -ConfigPath $Config -Count 3 -TargetGroup Idle -OnFailure RollBack -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)

        $machines.Count | Should -Be 0
        $failures.Count | Should -Be 1
        "$warnings" | Should -Match 'Rolled back'
        (Get-LiveInstance).InstanceId | Sort-Object | Should -Be ($before.InstanceId | Sort-Object)
        Get-TargetId bluegreen-demo-green | Should -BeNullOrEmpty
    }

    It 'terminates the instance when the status checks cannot be read (a failure after RunInstances)' {
        $before = Get-LiveInstance
        $Sandbox.FailNext('DescribeInstanceStatus', 50, 'UnauthorizedOperation') | Out-Null
        $machines = @(New-BgMachine -ConfigPath $Config -TargetGroup None -ErrorVariable failures -ErrorAction SilentlyContinue)

        $machines.Count | Should -Be 0
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NewBgMachineAwsUnauthorizedOperation*'
        @($Sandbox.Requests | Where-Object Action -EQ 'RunInstances').Count | Should -Be 1
        @($Sandbox.Requests | Where-Object Action -EQ 'TerminateInstances').Count | Should -Be 1
        (Get-LiveInstance).InstanceId | Sort-Object | Should -Be ($before.InstanceId | Sort-Object)
    }

    It 'makes no duplicate when RunInstances fails with a 500 and the SDK retries with the same ClientToken' {
        $before = Get-LiveInstance
        $Sandbox.FailNext('RunInstances', 1, 'InternalError') | Out-Null
        $machine = New-BgMachine -ConfigPath $Config -TargetGroup None

        $runs = @($Sandbox.Requests | Where-Object Action -EQ 'RunInstances')
        $runs.Count | Should -Be 2
        $runs[0].FaultInjected | Should -BeTrue
        $runs[0].HttpStatus | Should -Be 500
        $runs[1].Parameters['ClientToken'] | Should -Be $runs[0].Parameters['ClientToken']
        $runs[1].Parameters['ClientToken'] | Should -Match '^bg-[0-9a-f]{40}$'  # one token per batch, derived from the machines' names
        (Get-LiveInstance).Count | Should -Be ($before.Count + 1)
        @(Get-LiveInstance | Where-Object { ($_.Tags | Where-Object Key -EQ 'Name').Value -eq $machine.Name }).Count | Should -Be 1
    }

    It '-WhatIf launches nothing and leaves the sandbox state byte-identical' {
        $state = $Sandbox.GetStateJson()
        New-BgMachine -ConfigPath $Config -Count 2 -WhatIf | Should -BeNullOrEmpty
        $Sandbox.GetStateJson() | Should -BeExactly $state
        @($Sandbox.Requests | Where-Object Action -EQ 'RunInstances').Count | Should -Be 0
        Get-FakeCall | Should -BeNullOrEmpty
    }

    It 'refuses a hostile prefix before any call: <Prefix>' -ForEach @(@{ Prefix = '--driver=none' }, @{ Prefix = 'x; rm -rf /' }, @{ Prefix = '$(reboot)' }) {
        $hostile = New-MachineTestProject -Directory (Join-Path $Work ('hostile-' + [guid]::NewGuid().ToString('n').Substring(0, 6))) -Prefix $Prefix `
            -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
        $state = $Sandbox.GetStateJson()
        # The project file reader rejects it first (the engine's own check is covered by the xunit tests).
        { New-BgMachine -ConfigPath $hostile -TargetGroup None -ErrorAction Stop } | Should -Throw -ErrorId 'NewBgMachineConfigurationInvalidSetting*' -ExpectedMessage '*Prefix*'
        @($Sandbox.Requests | Where-Object Action -EQ 'RunInstances').Count | Should -Be 0
        $Sandbox.GetStateJson() | Should -BeExactly $state
    }
}

Describe 'New-BgMachine with the docker-machine provider' -Tag AwsCli {
    BeforeEach {
        Reset-FakeState (Join-Path $Work 'fake')
    }

    It 'creates each machine with one argument array, reads it back as data and runs compose with its TLS connection' {
        $machines = @(New-BgMachine -ConfigPath $DockerMachineConfig -Count 2 -TargetGroup None)

        $machines.Count | Should -Be 2
        ($machines.Provider | Select-Object -Unique) | Should -Be 'DockerMachine'
        $machines.InstanceId | ForEach-Object { $_ | Should -Match '^i-[0-9a-f]{17}$' }
        foreach ($machine in $machines) {
            $create = Get-FakeCall docker-machine | Where-Object { $_.argv[0] -eq 'create' -and $_.argv[-1] -eq $machine.Name }
            $create.argv | Should -Be @('create', '-d', 'amazonec2', '--engine-label', 'project=demo', '--amazonec2-instance-type', 't3.micro', $machine.Name)
            $up = Get-FakeCall docker | Where-Object { $_.env.DOCKER_MACHINE_NAME -eq $machine.Name }
            $up.argv | Should -Be @('compose', '-f', 'docker-compose.production.yml', 'up', '--build', '-d')
            $up.env.DOCKER_HOST | Should -Be "tcp://$($machine.Address):2376"
            $up.env.DOCKER_TLS_VERIFY | Should -Be '1'
            $up.env.DOCKER_CERT_PATH | Should -Not -BeNullOrEmpty
        }
        Get-FakeCall docker-machine | Where-Object { $_.argv[0] -eq 'env' } | ForEach-Object { $_.argv[0..2] | Should -Be @('env', '--shell', 'bash') }
    }

    It 'removes a machine whose create failed half-way, so none is left behind' {
        $env:BLUEGREEN_FAKE_FAIL_CREATE = '1'
        $machines = @(New-BgMachine -ConfigPath $DockerMachineConfig -TargetGroup None -ErrorVariable failures -ErrorAction SilentlyContinue)

        $machines.Count | Should -Be 0
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NewBgMachineCommandFailed*'
        $failures[0].Exception.StandardError | Should -Match 'Error running provisioning'
        $name = (Get-FakeCall docker-machine | Where-Object { $_.argv[0] -eq 'create' }).argv[-1]
        (Get-FakeCall docker-machine | Select-Object -Last 1).argv | Should -Be @('rm', '-f', '-y', $name)
        Invoke-FakeDockerMachine ls -q | Should -BeNullOrEmpty
    }

    It 'refuses a hostile prefix before docker-machine is ever run: <Prefix>' -ForEach @(@{ Prefix = '--driver=none' }, @{ Prefix = 'x; rm -rf /' }) {
        $hostile = New-MachineTestProject -Directory (Join-Path $Work ('dm-hostile-' + [guid]::NewGuid().ToString('n').Substring(0, 6))) -Provider DockerMachine -Prefix $Prefix
        { New-BgMachine -ConfigPath $hostile -TargetGroup None -ErrorAction Stop } | Should -Throw -ErrorId 'NewBgMachineConfigurationInvalidSetting*' -ExpectedMessage '*Prefix*'
        Get-FakeCall | Should -BeNullOrEmpty
    }
}
