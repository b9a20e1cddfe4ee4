# Deadline: 600 s
# Start-BgDeployment interrupted the two ways an operator or a host interrupts it: Ctrl+C (the pipeline stopped:
# StopProcessing, then the engine's cleanup) and kill -9 of the pwsh that runs it (nothing more runs), on the real
# module and sandbox: Ctrl+C while real launches run and while a load balancer call is in flight, and one kill -9 per
# group of phases (before traffic moves, in the maintenance window while the routes move, while a canary is watched). Each phase
# is made slow enough to be hit (fake docker delays, sandbox latency, a canary watched or a bake long enough); then the
# invariants the interruption must leave, then Resume-BgDeployment or Undo-BgDeployment finishing the job.
# Every step x {fails, Ctrl+C, kill -9} x {Resume, Undo} runs in memory in tests/Unit/Deployment/Release/ReleaseFaultMatrixTests.cs.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:World = New-DeploymentWorld -Name interrupt
    $script:Config = $World.Config
    $script:Sandbox = $World.Sandbox
    # Sandbox latency of the slowed calls: a call cut off by Ctrl+C or a kill still lands this long after it was sent.
    $script:Latency = [TimeSpan]::FromSeconds(3)
    $script:Slow = @{ MaintenanceOn = 'CreateRule'; SwitchTraffic = 'ModifyListener' }

    function script:Use-SlowPhase {
        # Makes step $Phase of the next deployment last long enough to be interrupted; returns the command that runs it.
        param([Parameter(Mandatory)] [string] $Phase)
        $config = $Config
        $extra = ''
        # Read now: Get-BgTargetGroup refuses to read a switch that was cut off half-way.
        $script:GreenArn = (Get-DeploymentTraffic $World)['green'].Arn
        switch ($Phase) {
            'LaunchMachines' { $env:BLUEGREEN_FAKE_COMPOSE_DELAY = '4' }
            'Bake' { $extra = " -BakeTime '00:00:10'" }
            'WatchCanary' { $extra = " -CanaryWeight 10 -CanaryDuration '00:00:08'" }
            default { $Sandbox.AddLatency($Slow[$Phase], $Latency) | Out-Null }
        }
        "Start-BgDeployment -ConfigPath '$config' -Release v2 -Maintenance Always$extra"
    }

    function script:Clear-SlowPhase {
        # Everything Use-SlowPhase did, undone, so that Resume and Undo run at full speed. Waits out the latency of a
        # slowed call the interruption cut off, since the load balancer carries it out anyway.
        param([Parameter(Mandatory)] [string] $Phase)
        Remove-Item Env:BLUEGREEN_FAKE_COMPOSE_DELAY -ErrorAction SilentlyContinue
        $Sandbox.ClearFaults()
        if ($Slow.ContainsKey($Phase)) { Start-Sleep -Milliseconds ($Latency.TotalMilliseconds + 500) }
    }

    function script:Wait-SlowCall {
        # Once step $Phase has begun, a moment for its slowed call to be on its way (the interruption then cuts it off).
        param([Parameter(Mandatory)] [string] $Phase)
        if ($Slow.ContainsKey($Phase)) { Start-Sleep -Milliseconds 1000 }
    }

    function script:Test-WindowOpen {
        # The journal says a maintenance window was opened and not closed.
        param([Parameter(Mandatory)] $Record)
        [bool] ($Record.MaintenanceStartedAt -and (-not $Record.MaintenanceEndedAt -or $Record.MaintenanceEndedAt -lt $Record.MaintenanceStartedAt))
    }

    function script:Complete-Interrupted {
        # Then: Resume (the release is out) or Undo (taken back), -Force after a kill.
        param([Parameter(Mandatory)] [ValidateSet('Resume', 'Undo')] [string] $Then, [switch] $Force)
        if ($Then -eq 'Resume') {
            $done = Resume-BgDeployment -ConfigPath $Config -Force:$Force
            $done.Status | Should -Be 'Succeeded'
            $record = Assert-Released $World
            $record.MaintenanceEndedAt | Should -Not -BeNullOrEmpty -Because 'the window of -Maintenance Always was closed'
        }
        else {
            $done = Undo-BgDeployment -ConfigPath $Config -Force:$Force
            $done.Status | Should -Be 'RolledBack'
            Assert-TakenBack $World | Out-Null
        }
    }

    # Phases before the switch serve from blue; after it, from green; a switch cut off may have gone either way.
    $script:Before = 'LaunchMachines', 'MaintenanceOn'
    # A canary interrupted by Ctrl+C is taken back (blue serves all); killed, it stays where it was (blue, and green's share).
    $script:Canary = 'WatchCanary'
}

AfterAll {
    Remove-DeploymentWorld $World
}

Describe 'Start-BgDeployment stopped by Ctrl+C' -Tag AwsCli {
    BeforeEach { Reset-DeploymentWorld $World }

    # While real launches run (the compose fakes' delay), and while a load balancer call is in flight (the sandbox's latency).
    It 'Ctrl+C during <Phase> leaves the site safe; <Then> completes' -ForEach @(
        @{ Phase = 'LaunchMachines'; Then = 'Resume' }
        @{ Phase = 'SwitchTraffic'; Then = 'Resume' }
    ) {
        $command = Use-SlowPhase $Phase
        $shell = [PowerShell]::Create()
        # The import first, while this runspace waits: a runspace compiling scripts while another one adds members
        # can deadlock inside PowerShell's member binder cache (seen once: PSGetMemberBinder.Get against
        # SetHasInstanceMember from Add-Member, both in Monitor.Enter, until the file's deadline). What runs in the
        # background is then only the command itself, with no member expression to compile.
        $null = $shell.AddScript("Import-Module '$env:BLUEGREEN_MODULE'").Invoke()
        $shell.Commands.Clear()
        $null = $shell.AddScript($command)
        $handle = $shell.BeginInvoke()
        try {
            Wait-DeploymentStep -World $World -Name $Phase -Job $handle | Out-Null
            Wait-SlowCall $Phase
            # What Ctrl+C does: the pipeline stopped, StopProcessing on the cmdlet. The engine's cleanup runs before Stop() returns.
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Stop()
        }
        finally {
            if (-not $handle.IsCompleted) { $shell.Stop() }
            $shell.Dispose()
        }
        Write-Host "Ctrl+C during ${Phase}: Stop() returned in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s."
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 60 -Because 'Ctrl+C must not hang'
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        Clear-SlowPhase $Phase

        $serving = Assert-RoutesHealthy $World
        $serving.Count | Should -Be 1 -Because "Ctrl+C must not leave the switch half-done (routes on $($serving -join ' and '))"
        if ($Phase -ne 'SwitchTraffic') { $serving | Should -Be $(if ($Phase -in $Before -or $Phase -in $Canary) { 'blue' } else { 'green' }) }
        $stopped = Assert-DeploymentSafe -World $World -Serving $serving[0] -Status Failed -LockHeld $true
        $step = $stopped.Steps | Where-Object Name -EQ $Phase | Select-Object -Last 1
        if ($Phase -in 'MaintenanceOn', 'MaintenanceOff') {
            # Turning maintenance on or off is not cut off once begun (a cut-off call could still land after the
            # cleanup): the step ends, and the stop takes effect at the next step, which never begins.
            "$($step.Outcome)" | Should -Be 'Succeeded' -Because "step $Phase finishes before the stop takes effect"
            ($stopped.Steps | Select-Object -Last 1).Name | Should -BeIn 'MaintenanceOffAfterFailure', 'MaintenanceOff', 'RollBackTraffic'
        }
        else {
            "$($step.Outcome) ($($step.Error))" | Should -Be 'Failed (Stopped (cancelled).)' -Because "the journal records step $Phase stopped"
        }
        @($stopped.Steps | Where-Object Outcome -EQ 'Started').Name | Should -BeNullOrEmpty -Because 'every step begun was ended'
        Test-WindowOpen $stopped | Should -BeFalse -Because 'the maintenance window was closed on the way out'

        Complete-Interrupted -Then $Then
    }
}

Describe 'Start-BgDeployment killed (kill -9 of its pwsh)' -Tag AwsCli {
    BeforeEach { Reset-DeploymentWorld $World }

    # One per group of phases: before any traffic moves (launch), inside the maintenance window while routes move
    # (the switch, under -Maintenance Always), and while the release is watched with traffic split (the canary; the
    # bake is the same watch with all traffic moved). Each other step x kill -9 runs in memory (ReleaseFaultMatrixTests).
    It 'kill -9 during <Phase> leaves the site serving from healthy targets; <Then> -Force completes' -ForEach @(
        @{ Phase = 'LaunchMachines'; Then = 'Undo' }
        @{ Phase = 'SwitchTraffic'; Then = 'Resume' }
        @{ Phase = 'WatchCanary'; Then = 'Undo' }
    ) {
        $command = Use-SlowPhase $Phase
        $child = Start-DeploymentProcess -World $World -Command $command -Name "kill-$Phase"
        try {
            Wait-DeploymentProcessStep -World $World -Name $Phase -Child $child | Out-Null
            Wait-SlowCall $Phase
            $child.Process.Kill()
            $child.Process.WaitForExit(10000) | Should -BeTrue -Because 'SIGKILL ends the process at once'
        }
        finally { Stop-DeploymentProcess $child }
        Clear-SlowPhase $Phase

        # Nothing ran after the kill: the step begun and not ended, InProgress, the lock held.
        $killed = Get-LatestDeployment $World
        $killed.Status | Should -Be 'InProgress'
        "$($killed.LastStep.Name): $($killed.LastStep.Outcome)" | Should -Be "${Phase}: Started"
        (Get-BgDeploymentLock -ConfigPath $Config).DeploymentId | Should -Be $killed.Id -Because 'the killed deployment still holds the lock'

        # Traffic: every route on a group whose targets are all healthy.
        $serving = Assert-RoutesHealthy $World
        if ($Phase -in $Before) { $serving | Should -Be @('blue') }
        elseif ($Phase -in $Canary) { $serving | Should -Contain 'blue' -Because 'a canary shifts only a share' }
        elseif ($Phase -ne 'SwitchTraffic') { $serving | Should -Be @('green') }
        Write-Host "kill -9 during ${Phase}: serving from $($serving -join ' and '); maintenance $(if (Test-MaintenanceOn $World) { 'on' } else { 'off' })."
        # Maintenance: on only where the journal says a window is open (so that Resume and Undo know to close it).
        $open = Test-WindowOpen $killed
        $open | Should -Be ($Phase -in 'MaintenanceOn', 'SwitchTraffic', 'MaintenanceOff', 'SwitchCanary') -Because 'the window is recorded open from MaintenanceOn until MaintenanceOff ends'
        if (-not $open) { Test-MaintenanceOn $World | Should -BeFalse -Because 'the journal records no open maintenance window' }
        # Machines: none unaccounted for; one launched and not yet registered is named by the journal, or, killed between
        # the batch RunInstances and the tagging of its names, listed as the prefix and its instance id and tagged with
        # the deployment's id by RunInstances itself (Resume terminates those, Undo removes them). (Get-BgMachine
        # refuses to read a half-done switch: BlueGreen does not guess which group is live.)
        if ($serving.Count -eq 1) {
            $named = @(($killed.Facts['names'] + ',' + $killed.Facts['old']) -split ',' | Where-Object { $_ })
            foreach ($machine in Get-BgMachine -ConfigPath $Config | Where-Object Role -NE 'Live') {
                $unnamed = $Phase -eq 'LaunchMachines' -and $machine.Name -eq "demo-$($machine.InstanceId)"
                if ($unnamed -or ($killed.Facts['names'] -split ',') -contains $machine.Name) {
                    $machine.Deployment | Should -Be $killed.Id -Because "machine $($machine.Name) was launched by deployment $($killed.Id), tagged so by RunInstances"
                }
                if ($unnamed) { continue }
                $named | Should -Contain $machine.Name -Because "machine $($machine.Name) ($($machine.Role)) must be the deployment's"
            }
        }

        if ($Phase -eq 'LaunchMachines') {
            # A deployment recorded InProgress may still run somewhere: taking it over needs -Force.
            { Undo-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'UndoBgDeploymentDeploymentStillRunning*'
        }
        if ($Phase -eq 'SwitchTraffic') {
            { Resume-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'ResumeBgDeploymentDeploymentStillRunning*'
            (Get-LatestDeployment $World).Status | Should -Be 'InProgress' -Because 'the refused resume changed nothing'
        }
        Complete-Interrupted -Then $Then -Force
    }
}
