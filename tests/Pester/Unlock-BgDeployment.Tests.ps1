# Unlock-BgDeployment against the sandbox's SSM Parameter Store, read back with the official AWS CLI.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentStateSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox

    function Test-LockParameter([string] $Project = 'shop') {
        (Invoke-Aws $Sandbox.Endpoint ssm get-parameter --name "/bluegreen/$Project/lock").ExitCode -eq 0
    }
}

AfterAll {
    Stop-BgSandbox
}

Describe 'Unlock-BgDeployment' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
        $Sandbox.ClearRequests()
    }

    It 'releases the lock whose id it is given' {
        $lock = Lock-BgDeployment -Project shop -Message 'hold'
        Test-LockParameter | Should -BeTrue

        Unlock-BgDeployment -Project shop -LockId $lock.LockId -Confirm:$false -WarningAction SilentlyContinue

        Test-LockParameter | Should -BeFalse
        (Lock-BgDeployment -Project shop -Message 'next').LockId | Should -Not -Be $lock.LockId
    }

    It 'refuses another id, naming the holder, and changes nothing' {
        $lock = Lock-BgDeployment -Project shop -Message 'incident hold'
        $before = (Invoke-AwsJson $Sandbox.Endpoint ssm get-parameter --name /bluegreen/shop/lock).Parameter

        try { Unlock-BgDeployment -Project shop -LockId 0123456789abcdef -Force -ErrorAction Stop } catch { $refusal = $_ }

        $refusal.FullyQualifiedErrorId | Should -BeLike 'UnlockBgDeploymentDeploymentLockIdMismatch,*'
        $refusal.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $refusal.Exception.Message | Should -Match ([regex]::Escape($lock.Holder))
        $refusal.Exception.Message | Should -Match 'incident hold'
        $after = (Invoke-AwsJson $Sandbox.Endpoint ssm get-parameter --name /bluegreen/shop/lock).Parameter
        $after.Version | Should -Be $before.Version
        $after.Value | Should -BeExactly $before.Value
        @($Sandbox.Requests | Where-Object Action -Like 'DeleteParameter*').Count | Should -Be 0
    }

    It 'says there is no lock when there is none' {
        { Unlock-BgDeployment -Project shop -LockId 0123456789abcdef -Force -ErrorAction Stop } | Should -Throw -ErrorId 'UnlockBgDeploymentDeploymentLockNotFound,*'
    }

    It 'is High impact: -WhatIf changes nothing, even with -Force' {
        (Get-Command Unlock-BgDeployment).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        $lock = Lock-BgDeployment -Project shop -Message 'hold'
        Unlock-BgDeployment -Project shop -LockId $lock.LockId -WhatIf
        Unlock-BgDeployment -Project shop -LockId $lock.LockId -WhatIf -Force
        Test-LockParameter | Should -BeTrue
    }

    It 'asks before breaking, naming the holder, in a non-interactive session without -Force or -Confirm:$false' {
        $lock = Lock-BgDeployment -Project shop -Message 'hold'
        # PowerShell cannot prompt here: the confirmation it needs makes the call fail, and nothing is deleted.
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$env:BLUEGREEN_MODULE'; Unlock-BgDeployment -Project shop -LockId $($lock.LockId)" 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        ($output | Out-String) | Should -Match 'NonInteractive|prompt|confirm'
        Test-LockParameter | Should -BeTrue
    }

    It 'breaks the lock a crashed deployment left, from the pipeline, and -PassThru shows it' {
        $state = New-TestDeploymentState -Project shop -Endpoint $Sandbox.Endpoint -Operator 'ci@runner-7'
        $run = Start-TestDeployment -State $state -Release v42
        Add-TestStep -Run $run -Name SwitchTraffic -LeaveStarted | Out-Null
        # The job dies here. An operator looks, then breaks the lock.
        $inProgress = Get-BgDeployment -Project shop -InProgress
        $inProgress.Id | Should -Be $run.Id

        $broken = Get-BgDeploymentLock -Project shop | Unlock-BgDeployment -Project shop -Force -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $broken.LockId | Should -Be $run.Lock.LockId
        $broken.DeploymentId | Should -Be $run.Id
        $broken.Holder | Should -Be 'ci@runner-7'
        ($warnings | Out-String) | Should -Match 'ci@runner-7'
        Test-LockParameter | Should -BeFalse
        # The journal is untouched: the deployment is still InProgress with its step Started.
        (Get-BgDeployment -Project shop -Id $run.Id).Steps[0].Outcome | Should -Be 'Started'
    }

    It 'rejects a malformed lock id before calling AWS' {
        { Unlock-BgDeployment -Project shop -LockId '../../lock' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        @($Sandbox.Requests).Count | Should -Be 0
    }
}
