# Get-BgMachine against the sandbox's seeded world (two healthy instances in the live blue group) and the fake
# docker-machine of tests/fakes.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-get-machine-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
    $script:DockerMachineConfig = New-MachineTestProject -Directory (Join-Path $Work 'dm-project') -Provider DockerMachine
}

AfterAll {
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Get-BgMachine with the EC2 provider' -Tag AwsCli {
    BeforeAll {
        $Sandbox.Reset()
        Reset-FakeState (Join-Path $Work 'fake')
        $script:Idle = New-BgMachine -ConfigPath $Config -TargetGroup Idle -Release v2 -SkipComposeUp
        $script:Orphan = New-BgMachine -ConfigPath $Config -TargetGroup None -SkipComposeUp
        # An instance of another project, and one of this project with another name prefix: neither is a machine here.
        Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1 `
            --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=demo-99999999},{Key=bluegreen:project,Value=other}]' | Out-Null
        Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1 `
            --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=bastion},{Key=bluegreen:project,Value=demo}]' | Out-Null
        $script:All = @(Get-BgMachine -ConfigPath $Config)
    }

    It "joins the provider's inventory with target-group membership, color and health" {
        $All.Count | Should -Be 4
        $All | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Machines.Machine' }
        $live = @($All | Where-Object Role -EQ 'Live')
        $live.Count | Should -Be 2
        ($live.TargetGroup | Select-Object -Unique) | Should -Be 'bluegreen-demo-blue'
        ($live.Color | Select-Object -Unique) | Should -Be 'blue'
        ($live.Health | Select-Object -Unique) | Should -Be 'healthy'
        $blue = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-blue).TargetGroups[0]
        $registered = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $blue.TargetGroupArn).TargetHealthDescriptions.Target.Id
        $live.InstanceId | Sort-Object | Should -Be ($registered | Sort-Object)
    }

    It 'shows the idle machine in the idle group with its release' {
        $idle = $All | Where-Object Name -EQ $Idle.Name
        $idle.Role | Should -Be 'Idle'
        $idle.Color | Should -Be 'green'
        $idle.TargetGroup | Should -Be 'bluegreen-demo-green'
        $idle.Release | Should -Be 'v2'
        $idle.Address | Should -Not -BeNullOrEmpty
        $idle.LaunchedAt | Should -Not -BeNullOrEmpty
    }

    It 'shows a machine in neither group as an orphan' {
        $orphan = $All | Where-Object Name -EQ $Orphan.Name
        $orphan.Role | Should -Be 'Orphan'
        $orphan.TargetGroup | Should -BeNullOrEmpty
        $orphan.Health | Should -BeNullOrEmpty
    }

    It 'filters by role: <Role>' -ForEach @(@{ Role = 'Live'; Count = 2 }, @{ Role = 'Idle'; Count = 1 }, @{ Role = 'Orphan'; Count = 1 }) {
        $machines = @(Get-BgMachine -ConfigPath $Config -Role $Role)
        $machines.Count | Should -Be $Count
        ($machines.Role | Select-Object -Unique) | Should -Be $Role
    }

    It 'filters by name with wildcards' {
        @(Get-BgMachine -ConfigPath $Config -Name $Orphan.Name).Name | Should -Be $Orphan.Name
        @(Get-BgMachine -ConfigPath $Config -Name 'demo-*').Count | Should -Be 4
        Get-BgMachine -ConfigPath $Config -Name 'nothing-*' | Should -BeNullOrEmpty
    }

    It 'lists live machines first, then idle, then orphans' {
        $All.Role | Should -Be @('Live', 'Live', 'Idle', 'Orphan')
    }

    It 'warns about a registered target that is none of the machines' {
        $stranger = (Invoke-AwsJson $Sandbox.Endpoint ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --count 1).Instances[0].InstanceId
        Wait-Until -Because 'the stranger to run' { (Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --instance-ids $stranger).Reservations[0].Instances[0].State.Name -eq 'running' }
        $green = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names bluegreen-demo-green).TargetGroups[0]
        Invoke-AwsJson $Sandbox.Endpoint elbv2 register-targets --target-group-arn $green.TargetGroupArn --targets "Id=$stranger" | Out-Null

        $machines = @(Get-BgMachine -ConfigPath $Config -WarningVariable warnings -WarningAction SilentlyContinue)
        $machines.InstanceId | Should -Not -Contain $stranger
        "$warnings" | Should -Match $stranger
    }

    It 'reads and changes nothing in the sandbox' {
        $state = $Sandbox.GetStateJson()
        Get-BgMachine -ConfigPath $Config | Out-Null
        $Sandbox.GetStateJson() | Should -BeExactly $state
    }
}

Describe 'Get-BgMachine with the docker-machine provider' {
    BeforeAll {
        $Sandbox.Reset()
        Reset-FakeState (Join-Path $Work 'fake')
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000aaaa | Out-Null
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000bbbb | Out-Null
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=other demo-0000cccc | Out-Null
        Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo admin-0000dddd | Out-Null
        Invoke-FakeDockerMachine create -d virtualbox --engine-label project=demo demo-0000eeee | Out-Null
        $env:BLUEGREEN_FAKE_FAIL_CREATE = '6'
        try { Invoke-FakeDockerMachine create -d amazonec2 --engine-label project=demo demo-0000ffff 2>$null } catch { }
        Remove-Item Env:BLUEGREEN_FAKE_FAIL_CREATE
    }

    It "lists only running amazonec2 machines with the project's label and prefix, as orphans here" {
        $machines = @(Get-BgMachine -ConfigPath $DockerMachineConfig)
        $machines.Name | Should -Be @('demo-0000aaaa', 'demo-0000bbbb')
        ($machines.Role | Select-Object -Unique) | Should -Be 'Orphan'
        ($machines.Provider | Select-Object -Unique) | Should -Be 'DockerMachine'
        $machines.InstanceId | ForEach-Object { $_ | Should -Match '^i-[0-9a-f]{17}$' }
        $machines | ForEach-Object { $_.Address | Should -Match '^10\.' }
    }

    It "lists with the seed's filters as one argument array and inspects each machine" {
        Get-BgMachine -ConfigPath $DockerMachineConfig | Out-Null
        $calls = @(Get-FakeCall docker-machine | Where-Object { $_.argv[0] -in 'ls', 'inspect' } | Select-Object -Last 3)
        $calls[0].argv | Should -Be @('ls', '--filter', 'state=Running', '--filter', 'driver=amazonec2', '--filter', 'label=project=demo', '--format', '{{.Name}}')
        # The machines are inspected at once (up to 8), so in any order.
        @($calls[1..2] | ForEach-Object { $_.argv -join ' ' } | Sort-Object) | Should -Be @('inspect demo-0000aaaa', 'inspect demo-0000bbbb')
    }

    It '-Provider overrides the project file' {
        $machines = @(Get-BgMachine -ConfigPath $Config -Provider DockerMachine)
        $machines.Name | Should -Be @('demo-0000aaaa', 'demo-0000bbbb')
    }
}
