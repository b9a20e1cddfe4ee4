# Get-BgDeployment and Get-BgDeploymentLock against the sandbox's SSM Parameter Store. Journals are written by the
# engine (DeploymentState over AWSSDK.SimpleSystemsManagement), as the deployment cmdlets will write them.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentStateSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox
    Get-BgDeploymentLock -Project warmup | Out-Null   # loads the engine, so its types can be reached
}

AfterAll {
    Stop-BgSandbox
}

Describe 'Get-BgDeployment' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
        $Sandbox.ClearRequests()
        $script:State = New-TestDeploymentState -Project shop -Endpoint $Sandbox.Endpoint -HistoryLimit 20
    }

    It 'lists the history newest first, -First N, and each record with its steps' {
        foreach ($release in 'v1', 'v2', 'v3') {
            $run = Start-TestDeployment -State $State -Release $release
            Add-TestStep -Run $run -Name LaunchMachines -Detail '2 x t3.small' | Out-Null
            Add-TestStep -Run $run -Name SwitchTraffic | Out-Null
            Complete-TestDeployment -Run $run -Status Succeeded | Out-Null
            Start-Sleep -Milliseconds 1100   # ids sort by the second they started
        }

        $all = @(Get-BgDeployment -Project shop)
        $all.Release | Should -Be @('v3', 'v2', 'v1')
        $all[0].GetType().FullName | Should -Be 'BlueGreen.Deployment.DeploymentRecord'
        $all[0].Id | Should -Match '^\d{8}-\d{6}-[0-9a-f]{4}$'
        $all[0].Status | Should -Be 'Succeeded'
        $all[0].Steps.Name | Should -Be @('LaunchMachines', 'SwitchTraffic')
        $all[0].Steps.Outcome | Should -Be @('Succeeded', 'Succeeded')
        $all[0].FromColor, $all[0].ToColor | Should -Be @('blue', 'green')
        $all[0].StartedBy | Should -Be 'test@pester'
        @(Get-BgDeployment -Project shop -First 2).Release | Should -Be @('v3', 'v2')

        # The layout, as the AWS CLI sees it.
        $names = (Invoke-AwsJson $Sandbox.Endpoint ssm get-parameters-by-path --path /bluegreen/shop --recursive).Parameters.Name
        @($names | Where-Object { $_ -like '/bluegreen/shop/history/*' }).Count | Should -Be 3
        @($names | Where-Object { $_ -like "/bluegreen/shop/journal/$($all[0].Id)/steps/*" }) | Should -Be @("/bluegreen/shop/journal/$($all[0].Id)/steps/001", "/bluegreen/shop/journal/$($all[0].Id)/steps/002")
        $names | ForEach-Object { $_ | Should -BeLike '/bluegreen/shop/*' }
    }

    It 'gets one by -Id, and by property name from the pipeline' {
        $run = Start-TestDeployment -State $State -Release v7
        Complete-TestDeployment -Run $run | Out-Null

        (Get-BgDeployment -Project shop -Id $run.Id).Release | Should -Be 'v7'
        (Get-BgDeployment -Project shop -First 1 | Get-BgDeployment -Project shop).Id | Should -Be $run.Id
        [pscustomobject]@{ Id = $run.Id } | Get-BgDeployment -Project shop | ForEach-Object Status | Should -Be 'Succeeded'
    }

    It 'writes an ObjectNotFound error for an unknown id and refuses a malformed one' {
        Get-BgDeployment -Project shop -Id 20261201-085300-ab12 -ErrorVariable notFound -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $notFound[0].FullyQualifiedErrorId | Should -BeLike 'GetBgDeploymentDeploymentNotFound,*'
        $notFound[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-BgDeployment -Project shop -Id '../lock' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It '-InProgress shows the deployment a crash cut off, with the step that may have been done' {
        $done = Start-TestDeployment -State $State -Release v1
        Complete-TestDeployment -Run $done | Out-Null
        Start-Sleep -Milliseconds 1100
        $crashed = Start-TestDeployment -State $State -Release v2
        Add-TestStep -Run $crashed -Name LaunchMachines | Out-Null
        Add-TestStep -Run $crashed -Name Migrate -Detail 'orders.0012' -LeaveStarted | Out-Null

        $inProgress = @(Get-BgDeployment -Project shop -InProgress)
        $inProgress.Count | Should -Be 1
        $inProgress[0].Id | Should -Be $crashed.Id
        $inProgress[0].UnfinishedSteps.Name | Should -Be 'Migrate'
        $inProgress[0].LastStep.EndedAt | Should -BeNullOrEmpty
        (Get-BgDeploymentLock -Project shop).DeploymentId | Should -Be $crashed.Id
    }

    It 'keeps the configured number of deployments and deletes older ones whole' {
        $small = New-TestDeploymentState -Project shop -Endpoint $Sandbox.Endpoint -HistoryLimit 2
        $ids = foreach ($release in 'v1', 'v2', 'v3') {
            $run = Start-TestDeployment -State $small -Release $release
            1..11 | ForEach-Object { Add-TestStep -Run $run -Name "Step$_" | Out-Null }
            Complete-TestDeployment -Run $run | Out-Null
            $run.Id
            Start-Sleep -Milliseconds 1100
        }

        @(Get-BgDeployment -Project shop).Release | Should -Be @('v3', 'v2')
        $names = (Invoke-AwsJson $Sandbox.Endpoint ssm get-parameters-by-path --path /bluegreen/shop --recursive).Parameters.Name
        $names | Where-Object { $_ -like "*$($ids[0])*" } | Should -BeNullOrEmpty
        $deletes = @($Sandbox.Requests | Where-Object Action -EQ 'DeleteParameters')
        $deletes.Count | Should -Be 2   # 11 steps + header = 12 names: batches of 10 and 2
    }

    It 'stops with JournalWriteFailed when a journal write keeps failing after the retries, and keeps the lock' {
        $run = Start-TestDeployment -State $State -Release v9
        $Sandbox.FailNext('PutParameter', 20, 'InternalServerError', 500, $null, 'ssm') | Out-Null

        $failure = $null
        try { Add-TestStep -Run $run -Name SwitchTraffic } catch { $failure = $_.Exception }
        while ($failure -is [System.Management.Automation.MethodInvocationException] -and $failure.InnerException) { $failure = $failure.InnerException }

        $failure.GetType().Name | Should -Be 'JournalWriteFailedException'
        $failure.ErrorId | Should -Be 'JournalWriteFailed'
        $failure.InnerException.ErrorId | Should -Be 'AwsInternalServerError'
        $run.Journal.IsBroken | Should -BeTrue
        @($Sandbox.Requests | Where-Object { $_.Action -eq 'PutParameter' -and $_.FaultInjected }).Count | Should -Be 3   # AWS_MAX_ATTEMPTS=3
        $Sandbox.ClearFaults()
        (Get-BgDeployment -Project shop -Id $run.Id).Steps | Should -BeNullOrEmpty
        (Get-BgDeploymentLock -Project shop).LockId | Should -Be $run.Lock.LockId
    }

    It 'retries an injected ThrottlingException on a journal write and records the step' {
        $run = Start-TestDeployment -State $State -Release v10
        $Sandbox.FailNext('PutParameter', 2, 'ThrottlingException', 400, $null, 'ssm') | Out-Null
        (Add-TestStep -Run $run -Name SwitchTraffic).Outcome | Should -Be 'Succeeded'
        (Get-BgDeployment -Project shop -Id $run.Id).Steps[0].Outcome | Should -Be 'Succeeded'
    }

    It 'shows a short default table' {
        $run = Start-TestDeployment -State $State -Release v11
        Add-TestStep -Run $run -Name SwitchTraffic | Out-Null
        $text = Get-BgDeployment -Project shop | Out-String -Width 200
        $text | Should -Match 'Id\s+Release\s+Status\s+Colors\s+StartedBy\s+LastStep'
        $text | Should -Match 'blue->green'
        $text | Should -Match 'SwitchTraffic: Succeeded'
    }
}

Describe 'Get-BgDeploymentLock' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
    }

    It 'returns nothing when nobody holds the lock, and the lock when someone does' {
        Get-BgDeploymentLock -Project shop | Should -BeNullOrEmpty
        $lock = Lock-BgDeployment -Project shop -Message 'freeze'
        $seen = Get-BgDeploymentLock -Project shop
        $seen.LockId | Should -Be $lock.LockId
        $seen.Message | Should -Be 'freeze'
        ($seen | Out-String) | Should -Match 'LockId\s+Holder\s+Operation'
    }

    It 'honours the State.Prefix of the project file' {
        $config = Join-Path $TestDrive 'bluegreen.psd1'
        Set-Content $config "@{ Project = 'shop'; LoadBalancer = 'shop-alb'; State = @{ Prefix = '/bluegreen/teams/web/shop/' } }"
        $lock = Lock-BgDeployment -ConfigPath $config -Message 'prefixed'
        (Invoke-AwsJson $Sandbox.Endpoint ssm get-parameter --name /bluegreen/teams/web/shop/lock).Parameter.Value | ConvertFrom-Json | ForEach-Object lockId | Should -Be $lock.LockId
        (Get-BgDeploymentLock -ConfigPath $config).LockId | Should -Be $lock.LockId
        Get-BgDeploymentLock -Project shop | Should -BeNullOrEmpty
    }
}
