# Deadline: 600 s
# Start-BgDeployment on the real module and sandbox, and the failures only they can show (fake docker's compose up,
# the test HTTP server standing in for the preview route, scriptblock checks, SSM writes refused, AWS throttling, an
# undo failing half-way), each then the invariants every failure must leave (Assert-DeploymentSafe), then
# Resume-BgDeployment or Undo-BgDeployment finishing the job. The fault matrix of every step (and the registration,
# health, maintenance, switch and degradation failures) runs in memory: tests/Unit/Deployment/Release.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:World = New-DeploymentWorld -Name start
    $script:Config = $World.Config
    $script:Sandbox = $World.Sandbox
}

AfterAll {
    Remove-DeploymentWorld $World
}

Describe 'Start-BgDeployment' {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'releases 2 machines: launched in parallel into green, healthy, smoke-checked through the preview, switched, baked; blue kept' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2
        $clock.Stop()
        Write-Host "One whole deployment of 2 machines on the sandbox: $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s (bake 2 s)."

        $deployment.GetType().FullName | Should -Be 'BlueGreen.Deployment.DeploymentRecord'
        $deployment.Status | Should -Be 'Succeeded'
        $deployment.Release | Should -Be 'v2'
        $deployment.FromColor, $deployment.ToColor | Should -Be @('blue', 'green')
        $deployment.Steps.Name | Should -Be @('LaunchMachines', 'WaitForHealthy', 'CheckMigrations', 'SmokeCheck', 'BeforeSwitch', 'Migrate', 'SwitchTraffic', 'Bake')
        $deployment.Steps.Outcome | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Skipped', 'Skipped', 'Succeeded', 'Succeeded')
        @($deployment.MachinesLaunched).Count | Should -Be 2
        Assert-Released $World | Out-Null

        # The smoke check went through the preview route: both paths, with the preview header.
        $smoke = @($World.Http.Requests | Where-Object Preview -EQ '1')
        $smoke.Path | Sort-Object -Unique | Should -Be @('/', '/healthz/')
        # compose up ran once on each new machine (the first two calls are the test world starting the old ones).
        $newHosts = @(Get-BgMachine -ConfigPath $Config -Role Live | ForEach-Object { "ssh://ubuntu@$($_.Address)" })
        $ups = @(Get-FakeCall docker | Where-Object { $_.argv -contains 'up' } | Select-Object -Skip 2)
        @($ups.env.DOCKER_HOST | Sort-Object) | Should -Be @($newHosts | Sort-Object)
        # Maintenance stayed off: no migration was pending (Auto).
        $deployment.MaintenanceStartedAt | Should -BeNullOrEmpty
    }

    It '-WhatIf emits the plan and leaves the load balancer, EC2 and SSM identical' {
        $before = $Sandbox.GetStateJson()
        $plan = Start-BgDeployment -ConfigPath $Config -Release v3 -CanaryWeight 10 -CanaryDuration '00:00:05' -WhatIf
        $Sandbox.GetStateJson() | Should -BeExactly $before

        $plan.GetType().FullName | Should -Be 'BlueGreen.Deployment.DeploymentPlan'
        $plan.MachineCount | Should -Be 2
        $plan.FromColor, $plan.ToColor | Should -Be @('blue', 'green')
        @($plan.Routes | Where-Object { -not $_.IsPreview }).Count | Should -Be 3 -Because 'HTTP:80, HTTPS:443 and its /api/* rule forward (the preview rule follows the idle group)'
        $plan.MigrationsKnown | Should -BeFalse
        $plan.Maintenance | Should -BeTrue -Because 'unknown migrations with policy Auto: the safe guess'
        $plan.Steps -join "`n" | Should -Match 'Shift 10%'
        Get-BgDeployment -ConfigPath $Config | Should -BeNullOrEmpty
    }

    It 'refuses a second deployment while the first runs (DeploymentLocked), and the first completes' {
        $env:BLUEGREEN_FAKE_COMPOSE_DELAY = '3'
        $first = [PowerShell]::Create()
        # The import first, while this runspace waits (see Start-BgDeployment.Interrupt.Tests.ps1: runspaces compiling
        # side by side can deadlock in PowerShell's member binder cache); only the command runs in the background.
        $null = $first.AddScript({ param($module) Import-Module $module }).AddArgument($env:BLUEGREEN_MODULE).Invoke()
        $first.Commands.Clear()
        $null = $first.AddCommand('Start-BgDeployment').AddParameter('ConfigPath', $Config).AddParameter('Release', 'first')
        $handle = $first.BeginInvoke()
        try {
            Wait-DeploymentStep -World $World -Name LaunchMachines -Job $handle | Out-Null
            { Start-BgDeployment -ConfigPath $Config -Release second -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentDeploymentLocked*'
            $result = $first.EndInvoke($handle)
            $first.HadErrors | Should -BeFalse
            $result.Status | Should -Be 'Succeeded'
            $result.Release | Should -Be 'first'
        }
        finally { $first.Dispose() }
        @(Get-BgDeployment -ConfigPath $Config).Count | Should -Be 1 -Because 'the refused deployment recorded nothing'
        Assert-Released $World | Out-Null
    }

    It 'refuses to deploy while the old release is still kept in the idle group (IdleGroupNotEmpty), changing nothing' {
        Start-BgDeployment -ConfigPath $Config -Release v2 | Out-Null
        $before = $Sandbox.GetStateJson()
        { Start-BgDeployment -ConfigPath $Config -Release v3 -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentIdleGroupNotEmpty*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'shifts a canary share first, watches it, then the rest' {
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2 -CanaryWeight 10 -CanaryDuration '00:00:02'
        $deployment.Steps.Name | Should -Contain 'SwitchCanary'
        $deployment.Steps.Name | Should -Contain 'WatchCanary'
        ($deployment.Steps | Where-Object Name -EQ 'WatchCanary').Duration.TotalSeconds | Should -BeGreaterOrEqual 2
        Assert-Released $World | Out-Null
    }

    It 'stops Ready before the switch with -StopBeforeSwitch (lock held), and Resume-BgDeployment switches' {
        $ready = Start-BgDeployment -ConfigPath $Config -Release v2 -StopBeforeSwitch
        $ready.Status | Should -Be 'Ready'
        Assert-DeploymentSafe -World $World -Serving blue -Status Ready -LockHeld $true | Out-Null
        (Get-DeploymentTraffic $World)['green'].HealthyCount | Should -Be 2 -Because 'the new machines serve the preview'

        $done = $ready | Resume-BgDeployment -ConfigPath $Config
        $done.Status | Should -Be 'Succeeded'
        $done.Id | Should -Be $ready.Id
        Assert-Released $World | Out-Null
    }

    It 'passes the -BeforeSwitch and -AfterSwitch checks the context (preview URL and header, new machines)' {
        $script:seen = [System.Collections.Generic.List[object]]::new()
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2 `
            -BeforeSwitch { $seen.Add($_); $_.PreviewUrl -and $_.NewMachines.Count -eq 2 } `
            -AfterSwitch { $seen.Add($args[0]) }
        $deployment.Status | Should -Be 'Succeeded'
        $seen[0].Phase | Should -Be 'BeforeSwitch'
        "$($seen[0].PreviewUrl)" | Should -Be "$($World.Http.BaseUrl)/"
        $seen[0].PreviewHeaderName | Should -Be 'X-BlueGreen-Preview'
        $seen[0].NewTargetGroup.Color | Should -Be 'green'
        @($seen | Where-Object Phase -EQ 'Bake').Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Start-BgDeployment when a step fails' {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'launch: one of 2 machines fails compose up; the other is kept, the failed one removed; Resume launches the missing one' {
        $env:BLUEGREEN_FAKE_FAIL_COMPOSE_UP = '4'   # the 2nd new machine's (calls 1-2: the world starting the old ones)
        { Start-BgDeployment -ConfigPath $Config -Release v2 -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentLaunchFailed*'
        $failed = Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true
        $failed.LastStep.Name | Should -Be 'LaunchMachines'
        $failed.LastStep.Outcome | Should -Be 'Failed'
        @($failed.MachinesLaunched).Count | Should -Be 1
        (Get-DeploymentTraffic $World)['green'].TargetCount | Should -Be 1

        Remove-Item Env:BLUEGREEN_FAKE_FAIL_COMPOSE_UP
        (Resume-BgDeployment -ConfigPath $Config).Status | Should -Be 'Succeeded'
        Assert-Released $World | Out-Null
    }

    It 'smoke check: /healthz/ answers 500 through the preview; nothing is switched; Resume completes once it answers 200' {
        $World.Http.SetStatus('/healthz/', 500)
        $err = $null
        try { Start-BgDeployment -ConfigPath $Config -Release v2 -ErrorAction Stop | Out-Null } catch { $err = @($_) }
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StartBgDeploymentSmokeCheckFailed*'
        $err[0].TargetObject.GetType().FullName | Should -Be 'BlueGreen.Deployment.DeploymentRecord'
        $err[0].Exception.Message | Should -Match 'Resume-BgDeployment -Id'
        Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true | Out-Null

        $World.Http.SetStatus('/healthz/', 200)
        (Resume-BgDeployment -ConfigPath $Config).Status | Should -Be 'Succeeded'
        Assert-Released $World | Out-Null
    }

    It 'a -BeforeSwitch check throwing or returning $false aborts before the switch; Undo takes it back' {
        { Start-BgDeployment -ConfigPath $Config -Release v2 -BeforeSwitch { throw 'the payment page is broken' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'StartBgDeploymentBeforeSwitchCheckFailed*' -ExpectedMessage '*the payment page is broken*'
        Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true | Out-Null
        (Undo-BgDeployment -ConfigPath $Config).Status | Should -Be 'RolledBack'
        Assert-TakenBack $World | Out-Null

        { Start-BgDeployment -ConfigPath $Config -Release v3 -BeforeSwitch { $false } -ErrorAction Stop } |
            Should -Throw -ErrorId 'StartBgDeploymentBeforeSwitchCheckFailed*' -ExpectedMessage '*returned $false*'
    }

    # One journal write failing through the real SSM store, mid-run. Other points of failure are xunit's: a failing
    # start write (DeploymentJournalTests.A_failing_start_write_stops_with_JournalWriteFailed_and_the_step_never_runs),
    # a failing end write (A_failing_end_write_stops_with_JournalWriteFailed_and_leaves_the_step_Started), and Resume
    # from every step left Started (ReleaseFaultMatrixTests.Resume_finishes_the_release, killed after Started).
    It 'journal: a write fails at step <Skip> of the run; the deployment stops there, safe; Resume completes' -ForEach @(
        @{ Skip = 9 }
    ) {
        $Sandbox.FailAfter('PutParameter', $Skip, 1, 'AccessDeniedException', 400, 'Injected: not allowed', 'ssm') | Out-Null
        { Start-BgDeployment -ConfigPath $Config -Release v2 -Maintenance Always -ErrorAction Stop } | Should -Throw
        $record = Get-LatestDeployment $World
        $serving = if ((Get-DeploymentTraffic $World)['green'].Role -eq 'Live') { 'green' } else { 'blue' }
        Assert-DeploymentSafe -World $World -Serving $serving | Out-Null
        Get-BgDeploymentLock -ConfigPath $Config | Should -Not -BeNullOrEmpty
        $record.Status | Should -BeIn 'Failed', 'InProgress'

        (Resume-BgDeployment -ConfigPath $Config -Force).Status | Should -Be 'Succeeded'
        Assert-Released $World | Out-Null
    }

    It 'an undo that fails half-way is not resumed forward (UndoInProgress); running Undo again finishes it' {
        Start-BgDeployment -ConfigPath $Config -Release v2 | Out-Null
        $Sandbox.FailNext('DeregisterTargets', 1, 'ValidationError') | Out-Null
        { Undo-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Undo-BgDeployment -Id*again*'
        Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true | Out-Null
        { Resume-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'ResumeBgDeploymentUndoInProgress*'
        (Undo-BgDeployment -ConfigPath $Config).Status | Should -Be 'RolledBack'
        Assert-TakenBack $World | Out-Null
    }

    It 'with 20% of AWS calls throttled or failing with 500 the deployment completes, with no duplicate machine' -Tag AwsCli {
        Remove-Item Env:AWS_MAX_ATTEMPTS
        $Sandbox.FailRandomly('*', 0.1, 'Throttling') | Out-Null
        $Sandbox.FailRandomly('*', 0.1, 'InternalFailure', 500) | Out-Null
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2
        $failedCalls = ($Sandbox.Faults | Measure-Object -Property Failed -Sum).Sum
        $allCalls = @($Sandbox.Requests).Count
        Write-Host "Throttled or 500: $failedCalls of $allCalls AWS calls ($([math]::Round(100 * $failedCalls / $allCalls)) %)."
        $Sandbox.ClearFaults()
        $deployment.Status | Should -Be 'Succeeded'
        $failedCalls | Should -BeGreaterThan 10
        Assert-Released $World | Out-Null
        $instances = @((Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --filters 'Name=tag:bluegreen:project,Values=demo' 'Name=instance-state-name,Values=pending,running').Reservations.Instances)
        $instances.Count | Should -Be 4 -Because '2 old + 2 new: a retried RunInstances must not make a second machine'
    }
}

Describe 'Start-BgDeployment unattended' {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'runs under pwsh -NonInteractive -File: exit 0 and a typed object on success; non-zero with the reason on stderr on failure' {
        $job = Join-Path $World.Work 'job.ps1'
        Set-Content $job -Value @'
param($Module, $Config, $Release)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$d = Start-BgDeployment -ConfigPath $Config -Release $Release
"$($d.GetType().FullName) $($d.Status)"
'@
        $pwsh = Get-PwshCommand
        $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $job -Module $env:BLUEGREEN_MODULE -Config $Config -Release v2 2>&1
        $LASTEXITCODE | Should -Be 0
        ($out | Out-String) | Should -Match 'BlueGreen.Deployment.DeploymentRecord Succeeded'

        Complete-BgDeployment -ConfigPath $Config -Force | Out-Null
        $World.Http.SetStatus('/', 503)
        $stderr = Join-Path $World.Work 'stderr.txt'
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $job -Module $env:BLUEGREEN_MODULE -Config $Config -Release v3 2> $stderr | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        Get-Content $stderr -Raw | Should -Match 'SmokeCheck'
    }

    It 'runs inside Start-Job without prompting and returns the deployment' {
        $job = Start-Job -ScriptBlock {
            param($module, $config)
            Import-Module $module
            Start-BgDeployment -ConfigPath $config -Release v2
        } -ArgumentList $env:BLUEGREEN_MODULE, $Config
        $result = $job | Wait-Job -Timeout 120 | Receive-Job
        $job.State | Should -Be 'Completed'
        $result.PSObject.TypeNames[0] | Should -Be 'Deserialized.BlueGreen.Deployment.DeploymentRecord'
        $result.Status | Should -Be 'Succeeded'
        Remove-Job $job -Force
    }
}
