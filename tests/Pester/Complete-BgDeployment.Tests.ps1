# Complete-BgDeployment: the old release's machines drained and removed after the bake, with Remove-BgMachine's
# guards and one ShouldProcess each; refusals that change nothing.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:World = New-DeploymentWorld -Name complete -Deployment @{ BakeTimeSeconds = 4 }
    $script:Config = $World.Config
    $script:Sandbox = $World.Sandbox
}

AfterAll {
    Remove-DeploymentWorld $World
}

Describe 'Complete-BgDeployment' {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'drains and removes the old machines and records the deployment Completed' {
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2
        $kept = @($deployment.MachinesKept.Name)
        $kept.Count | Should -Be 2
        $completed = $deployment | Complete-BgDeployment -ConfigPath $Config
        $completed.Status | Should -Be 'Completed'
        @($completed.MachinesRemoved.Name) | Sort-Object | Should -Be ($kept | Sort-Object)
        ($completed.Steps | Where-Object Name -EQ 'RemoveOldMachines').Outcome | Should -Be 'Succeeded'
        $groups = Get-DeploymentTraffic $World
        $groups['blue'].TargetCount | Should -Be 0
        $groups['green'].HealthyCount | Should -Be 2
        @(Get-BgMachine -ConfigPath $Config).Name | Should -Not -Contain $kept[0]
        Get-BgDeploymentLock -ConfigPath $Config | Should -BeNullOrEmpty
        # The next release may start: the idle group is empty.
        (Start-BgDeployment -ConfigPath $Config -Release v3 -BakeTime 0).ToColor | Should -Be 'blue'
    }

    It 'refuses before the project''s bake time has passed since the switch, unless -Force' {
        Start-BgDeployment -ConfigPath $Config -Release v2 -BakeTime 0 | Out-Null
        $before = $Sandbox.GetStateJson()
        { Complete-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'CompleteBgDeploymentBakeTimeNotOver*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
        (Complete-BgDeployment -ConfigPath $Config -Force).Status | Should -Be 'Completed'
    }

    It 'refuses a deployment that is not Succeeded (Ready, Failed, RolledBack), changing nothing' {
        Start-BgDeployment -ConfigPath $Config -Release v2 -StopBeforeSwitch | Out-Null
        { Complete-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'CompleteBgDeploymentDeploymentNotSucceeded*' -ExpectedMessage '*Resume-BgDeployment*'
        (Get-LatestDeployment $World).Status | Should -Be 'Ready'
        Undo-BgDeployment -ConfigPath $Config | Out-Null
        { Complete-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'CompleteBgDeploymentDeploymentNotSucceeded*'
    }

    It '-WhatIf names each machine it would remove and changes nothing' {
        Start-BgDeployment -ConfigPath $Config -Release v2 | Out-Null
        $before = $Sandbox.GetStateJson()
        Complete-BgDeployment -ConfigPath $Config -WhatIf | Should -BeNullOrEmpty
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'a removal failure keeps the release Succeeded (lock released) and a second run finishes' {
        Start-BgDeployment -ConfigPath $Config -Release v2 | Out-Null
        Start-Sleep -Seconds 4
        $Sandbox.FailNext('TerminateInstances', 1, 'UnauthorizedOperation') | Out-Null
        { Complete-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw
        $record = Get-LatestDeployment $World
        $record.Status | Should -Be 'Succeeded'
        Get-BgDeploymentLock -ConfigPath $Config | Should -BeNullOrEmpty
        (Complete-BgDeployment -ConfigPath $Config).Status | Should -Be 'Completed'
        (Get-DeploymentTraffic $World)['blue'].TargetCount | Should -Be 0
    }
}
