# Remove-BgMachine against the sandbox's seeded world (two healthy instances in the live blue group), read back with
# the official AWS CLI, and the fake docker-machine of tests/fakes.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-remove-machine-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
    $script:DockerMachineConfig = New-MachineTestProject -Directory (Join-Path $Work 'dm-project') -Provider DockerMachine

    function Get-StateOf([string] $InstanceId) {
        (Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --instance-ids $InstanceId).Reservations[0].Instances[0].State.Name
    }

    function Get-TargetId([string] $GroupName) {
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names $GroupName).TargetGroups[0]
        @((Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions.Target.Id)
    }

    function Wait-Healthy([string] $Name) {
        Wait-Until -Because "$Name to be healthy" { (Get-BgMachine -ConfigPath $Config -Name $Name).Health -eq 'healthy' }
    }
}

AfterAll {
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Remove-BgMachine with the EC2 provider' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
        $Sandbox.ClearRequests()
        Reset-FakeState (Join-Path $Work 'fake')
    }

    It 'deregisters an idle machine, waits until it has left the group, then terminates it' {
        $idle = New-BgMachine -ConfigPath $Config -TargetGroup Idle -SkipComposeUp
        $Sandbox.ClearRequests()

        Remove-BgMachine -ConfigPath $Config -Name $idle.Name -Confirm:$false
        $actions = @($Sandbox.Requests | Where-Object Action -In 'DeregisterTargets', 'DescribeTargetHealth', 'TerminateInstances' | ForEach-Object Action)

        Get-TargetId bluegreen-demo-green | Should -Not -Contain $idle.InstanceId
        Get-StateOf $idle.InstanceId | Should -BeIn 'shutting-down', 'terminated'
        [array]::IndexOf($actions, 'DeregisterTargets') | Should -BeLessThan ([array]::LastIndexOf($actions, 'DescribeTargetHealth'))
        $actions[-1] | Should -Be 'TerminateInstances'
    }

    It 'with -Force, removes a live machine only after it has drained' {
        $extra = New-BgMachine -ConfigPath $Config -TargetGroup Live -SkipComposeUp
        Wait-Healthy $extra.Name
        $Sandbox.ClearRequests()

        $removed = Remove-BgMachine -ConfigPath $Config -Name $extra.Name -Force -Confirm:$false -PassThru

        $removed.Name | Should -Be $extra.Name
        $deregistered = ($Sandbox.Requests | Where-Object Action -EQ 'DeregisterTargets').Time
        $terminated = ($Sandbox.Requests | Where-Object Action -EQ 'TerminateInstances').Time
        ($terminated - $deregistered).TotalSeconds | Should -BeGreaterOrEqual 1.9   # the sandbox's 2 s deregistration delay
        Get-TargetId bluegreen-demo-blue | Should -Not -Contain $extra.InstanceId
        @(Get-BgMachine -ConfigPath $Config -Role Live).Count | Should -Be 2
    }

    It 'replaces remove-inactive-blue-green.sh: Get-BgMachine -Role Idle | Remove-BgMachine' {
        $idle = @(New-BgMachine -ConfigPath $Config -Count 2 -TargetGroup Idle -SkipComposeUp)
        $live = @(Get-BgMachine -ConfigPath $Config -Role Live)

        Get-BgMachine -ConfigPath $Config -Role Idle | Remove-BgMachine -ConfigPath $Config -Confirm:$false

        Get-BgMachine -ConfigPath $Config -Role Idle | Should -BeNullOrEmpty
        $idle | ForEach-Object { Get-StateOf $_.InstanceId | Should -BeIn 'shutting-down', 'terminated' }
        (Get-BgMachine -ConfigPath $Config -Role Live).Name | Should -Be $live.Name
    }

    It 'refuses a live machine without -Force and changes nothing' {
        $live = @(Get-BgMachine -ConfigPath $Config -Role Live)[0]
        $state = $Sandbox.GetStateJson()

        Remove-BgMachine -ConfigPath $Config -Name $live.Name -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBgMachineLiveMachine*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failures[0].TargetObject.Name | Should -Be $live.Name
        $failures[0].ErrorDetails.Message | Should -Match '-Force'
        $Sandbox.GetStateJson() | Should -BeExactly $state
    }

    It 'refuses the last healthy machine of the live group even with -Force' {
        $live = @(Get-BgMachine -ConfigPath $Config -Role Live)
        $live.Count | Should -Be 2

        $live | Remove-BgMachine -ConfigPath $Config -Force -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBgMachineLastHealthyLiveMachine*'
        $failures[0].TargetObject.Name | Should -Be $live[1].Name
        $left = @(Get-BgMachine -ConfigPath $Config -Role Live)
        $left.Name | Should -Be $live[1].Name
        $left.Health | Should -Be 'healthy'
    }

    It '-WhatIf changes nothing, for every machine' {
        New-BgMachine -ConfigPath $Config -TargetGroup Idle -SkipComposeUp | Out-Null
        New-BgMachine -ConfigPath $Config -TargetGroup None -SkipComposeUp | Out-Null
        Wait-Until -Because 'the world to settle' { -not ((Get-BgMachine -ConfigPath $Config).Health -contains 'initial') }
        $state = $Sandbox.GetStateJson()
        $Sandbox.ClearRequests()

        Get-BgMachine -ConfigPath $Config | Remove-BgMachine -ConfigPath $Config -Force -WhatIf -ErrorAction SilentlyContinue

        $Sandbox.GetStateJson() | Should -BeExactly $state
        $Sandbox.Requests | Where-Object Action -In 'DeregisterTargets', 'TerminateInstances', 'RegisterTargets' | Should -BeNullOrEmpty
    }

    It 'reports a name that matches no machine' {
        Remove-BgMachine -ConfigPath $Config -Name demo-00000000 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBgMachineMachineNotFound*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Remove-BgMachine with the docker-machine provider' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        Reset-FakeState (Join-Path $Work 'fake')
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000aaaa | Out-Null
    }

    It 'removes an orphan machine with docker-machine rm -y and the name as one argument' {
        Remove-BgMachine -ConfigPath $DockerMachineConfig -Name demo-0000aaaa -Confirm:$false

        (Get-FakeCall docker-machine | Where-Object { $_.argv[0] -eq 'rm' }).argv | Should -Be @('rm', '-y', 'demo-0000aaaa')
        Invoke-FakeDockerMachine ls -q | Should -BeNullOrEmpty
    }

    It 'rejects hostile names before any command runs: <Name>' -ForEach @(@{ Name = '--driver=none' }, @{ Name = 'x; rm -rf /' }, @{ Name = '-y' }) {
        Remove-BgMachine -ConfigPath $DockerMachineConfig -Name $Name -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBgMachineInvalidMachineName*'
        $failures[0].TargetObject | Should -Be $Name
        Get-FakeCall docker-machine | Where-Object { $_.argv[0] -ne 'create' } | Should -BeNullOrEmpty
        Invoke-FakeDockerMachine ls -q | Should -Be 'demo-0000aaaa'
    }

    It '-WhatIf runs no docker-machine rm' {
        Get-BgMachine -ConfigPath $DockerMachineConfig | Remove-BgMachine -ConfigPath $DockerMachineConfig -WhatIf
        Get-FakeCall docker-machine | Where-Object { $_.argv[0] -eq 'rm' } | Should -BeNullOrEmpty
        Invoke-FakeDockerMachine ls -q | Should -Be 'demo-0000aaaa'
    }
}
