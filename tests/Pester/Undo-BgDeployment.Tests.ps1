# Deadline: 600 s
# Releases with real migrations (tests/django: the old machines run release1, every new machine release2, all on one
# SQLite database, as blue and green share one in production) and Django maintenance mode (django-maintenance-mode's
# local-file state, one file here for all fake machines): Start-BgDeployment's maintenance window and migrate, a failed
# bake with and without RevertMigrationsOnRollback, Undo-BgDeployment reverting the migrations, and its refusals.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    Use-TestAwsEnvironment
    $script:World = New-DeploymentWorld -Name undo -Django -MaintenanceMode Django
    $script:Config = $World.Config
    $script:Sandbox = $World.Sandbox
    $script:Release1Schema = (Get-DatabaseState release1 $World.Template).Schema

    # The same project, opting in to reverting migrations when a bake fails.
    $script:RevertConfig = Join-Path (Split-Path $Config) 'bluegreen-revert.psd1'
    (Get-Content $Config -Raw) -replace 'BakeTimeSeconds = 2', "BakeTimeSeconds = 2`n        RevertMigrationsOnRollback = `$true" | Set-Content $RevertConfig
    # The same project with every manage.py command a process of its own (Manage.Sessions = $false): the fake docker
    # injects failures by a command's arguments, which a command sent to a kept-open manage.py session never shows.
    $script:ProcessConfig = Join-Path (Split-Path $Config) 'bluegreen-processes.psd1'
    (Get-Content $Config -Raw) -replace "Mode(\s+)= 'Exec'", "Mode`$1= 'Exec'`n        Sessions = `$false" | Set-Content $ProcessConfig

    function Start-DegradingBake([string] $ConfigPath) {
        # Starts a deployment whose green group turns unhealthy once its bake has begun; returns the error it ended with.
        $green = (Get-DeploymentTraffic $World)['green']
        $degrade = [PowerShell]::Create()
        $null = $degrade.AddScript({
                param($module, $sandbox, $arn, $config)
                Import-Module $module
                $deadline = [DateTime]::UtcNow.AddSeconds(90)
                while (-not ((Get-BgDeployment -ConfigPath $config -First 1).Steps | Where-Object Name -EQ 'Bake') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
                $sandbox.SetGroupHealth($arn, 'unhealthy', 'Target.FailedHealthChecks')
            }).AddArgument($env:BLUEGREEN_MODULE).AddArgument($Sandbox).AddArgument($green.Arn).AddArgument($ConfigPath)
        $handle = $degrade.BeginInvoke()
        $failure = $null
        try { Start-BgDeployment -ConfigPath $ConfigPath -Release v2 -BakeTime '00:00:30' -ErrorAction Stop -WarningAction SilentlyContinue | Out-Null }
        catch { $failure = $_ }
        $degrade.EndInvoke($handle) | Out-Null
        $degrade.Dispose()
        $Sandbox.ClearGroupHealth($green.Arn)
        $failure
    }
}

AfterAll {
    Remove-DeploymentWorld $World
}

Describe 'Releasing with migrations (Django maintenance mode)' -Tag Django {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'puts maintenance on every serving machine, migrates once on a new machine, switches, then takes maintenance off' {
        $verbose = @(Start-BgDeployment -ConfigPath $Config -Release v2 -Verbose 4>&1)
        $deployment = $verbose | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }
        $verbose = @($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $deployment.Status | Should -Be 'Succeeded'
        $deployment.Steps.Name | Should -Be @('LaunchMachines', 'WaitForHealthy', 'CheckMigrations', 'SmokeCheck', 'BeforeSwitch', 'MaintenanceOn', 'Migrate', 'SwitchTraffic', 'MaintenanceOff', 'Bake')
        $deployment.MigrationsApplied | Should -Contain 'orders.0001_initial'
        $deployment.MigrationsApplied | Should -Contain 'catalog.add_product_slug'
        $deployment.Outputs['migrate'] | Should -Match 'Applying orders.0001_initial... OK'
        $deployment.MaintenanceStartedAt | Should -Not -BeNullOrEmpty
        $deployment.MaintenanceEndedAt | Should -BeGreaterThan $deployment.MaintenanceStartedAt
        # The window, and why: release2's NOT NULL columns and its undeclared RunPython; its new tables are compatible.
        $deployment.MaintenanceDecision | Should -Match '^window: 5 of 7 pending migration\(s\) the running release may not survive: catalog\.0002_product_price \(incompatible: Add field price to product: adds column price NOT NULL'
        @($deployment.MigrationCompatibility).Count | Should -Be 7
        @($deployment.MigrationCompatibility) | Should -Contain 'notes.0001_initial: compatible: Create model Note: creates a new table [CREATE TABLE "notes_note" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "text" text NOT NULL);]'
        Assert-Released $World | Out-Null

        # Before the window, a manage.py session opened in the service of each of the four machines (2 old, 2 new: the
        # local-file backend needs each), through docker exec like any manage.py there.
        $sessions = @(Get-FakeCall docker | Where-Object { $_.argv -contains 'shell' -and $_.argv -contains '-c' })
        @($sessions | ForEach-Object { $_.env.DOCKER_HOST } | Sort-Object -Unique).Count | Should -Be 4
        # Maintenance was turned on and off on all four machines, each in its session (no process of its own).
        @(Get-FakeCall docker | Where-Object { ($_.argv -join ' ') -match 'maintenance_mode (on|off)' }).Count | Should -Be 0
        $inSession = @($verbose | Where-Object { $_ -match '^\(in the open manage\.py session, pid \d+ on machine (\S+): manage\.py (.+)\)$' } | ForEach-Object { [pscustomobject]@{ Machine = $Matches[1]; Command = $Matches[2] } })
        @($inSession | Where-Object Command -EQ 'maintenance_mode on' | ForEach-Object Machine | Sort-Object -Unique).Count | Should -Be 4
        @($inSession | Where-Object Command -EQ 'maintenance_mode off' | ForEach-Object Machine | Sort-Object -Unique).Count | Should -Be 4
        # migrate ran once, on one new machine, in its session.
        @($inSession | Where-Object Command -EQ 'migrate --noinput').Count | Should -Be 1
        @(Get-FakeCall docker | Where-Object { ($_.argv -join ' ') -match 'migrate --noinput' }).Count | Should -Be 0
    }

    It '-WhatIf with -ManageCommand reads the pending migrations from a local checkout and changes nothing' {
        $before = $Sandbox.GetStateJson()
        $plan = Start-BgDeployment -ConfigPath $Config -Release v2 -WhatIf -ManageCommand (Get-ReleaseCommand release2)
        $Sandbox.GetStateJson() | Should -BeExactly $before
        $plan.MigrationsKnown | Should -BeTrue
        @($plan.Migrations | ForEach-Object { "$($_.Key)" }) | Should -Contain 'orders.0001_initial'
        $plan.Maintenance | Should -BeTrue
        $plan.MaintenanceWhy | Should -Match '^window: 5 of 7 pending'
        ($plan.Migrations | Where-Object { "$($_.Key)" -eq 'orders.0001_initial' }).Compatible | Should -BeTrue
        ($plan.Migrations | Where-Object { "$($_.Key)" -eq 'catalog.0004_fill_sku' }).Compatibility | Should -Be 'Unknown'
        (Get-DatabaseState release1 $env:BLUEGREEN_TEST_DATABASE).Schema | Should -Be $Release1Schema
    }

    It 'refuses irreversible pending migrations before anything serves the new code; Undo takes it back' {
        $releases = $env:BLUEGREEN_FAKE_RELEASES | ConvertFrom-Json -AsHashtable
        $releases['*'] = Join-Path $PSScriptRoot '../django/release4'
        $env:BLUEGREEN_FAKE_RELEASES = $releases | ConvertTo-Json -Compress
        { Start-BgDeployment -ConfigPath $Config -Release v4 -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentIrreversiblePendingMigration*' -ExpectedMessage '*orders.0002_order_reference*'
        Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true | Out-Null
        (Get-DatabaseState release1 $env:BLUEGREEN_TEST_DATABASE).Schema | Should -Be $Release1Schema -Because 'nothing was migrated'
        (Undo-BgDeployment -ConfigPath $Config).Status | Should -Be 'RolledBack'
        Assert-TakenBack $World | Out-Null
    }

    It 'migrate: manage.py migrate fails; maintenance goes off, blue serves; Resume migrates and completes' {
        $env:BLUEGREEN_FAKE_FAIL_MATCH = 'migrate --noinput$'
        { Start-BgDeployment -ConfigPath $ProcessConfig -Release v2 -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentCommandFailed*'
        $failed = Assert-DeploymentSafe -World $World -Serving blue -Status Failed -LockHeld $true
        ($failed.Steps | Where-Object Name -EQ 'Migrate').Outcome | Should -Be 'Failed'
        ($failed.Steps | Where-Object Name -EQ 'MaintenanceOffAfterFailure').Outcome | Should -Be 'Succeeded'
        Remove-Item Env:BLUEGREEN_FAKE_FAIL_MATCH

        $done = Resume-BgDeployment -ConfigPath $ProcessConfig
        $done.Status | Should -Be 'Succeeded'
        $done.MigrationsApplied | Should -Contain 'orders.0001_initial'
        Assert-Released $World | Out-Null
    }

    # A failed bake without RevertMigrationsOnRollback (traffic back, migrations left applied, the message saying to run
    # Undo-BgDeployment -Id, then Undo reverting them) is xunit's:
    # ReleaseFailureTests.A_release_degrading_sends_traffic_back_by_itself_and_undo_removes_the_new_machines(false, false);
    # Undo reverting real migrations to exactly the old schema is the 'takes a succeeded release back' case below.
    It 'a failed bake with RevertMigrationsOnRollback reverts the migrations too, under maintenance' {
        $failure = Start-DegradingBake $RevertConfig
        $failure.FullyQualifiedErrorId | Should -BeLike 'StartBgDeploymentDeploymentRolledBack*'
        $failure.Exception.Message | Should -Match 'were reverted'
        $record = Assert-DeploymentSafe -World $World -Serving blue -Status RolledBack -LockHeld $false
        $record.Facts['migrationsReverted'] | Should -Be '1'
        ($record.Steps | Where-Object Name -EQ 'RevertMigrations').Outcome | Should -Be 'Succeeded'
        (Get-DatabaseState release1 $env:BLUEGREEN_TEST_DATABASE).Schema | Should -Be $Release1Schema
    }
}

Describe 'Undo-BgDeployment' -Tag Django {
    BeforeEach { Reset-DeploymentWorld $World }

    It 'takes a succeeded release back: maintenance on, migrations reverted to exactly the old state, traffic back (verified), maintenance off, new machines removed' {
        $deployment = Start-BgDeployment -ConfigPath $Config -Release v2
        $undone = $deployment | Undo-BgDeployment -ConfigPath $Config
        $undone.Id | Should -Be $deployment.Id
        $undone.Status | Should -Be 'RolledBack'
        $undone.Steps.Name | Should -Contain 'RevertMigrations'
        $undone.Steps.Name | Should -Contain 'RollBackTraffic'
        $undone.UndoDecision | Should -Match '^window: catalog\.0002_product_price,.* incompatible with the old release; revert under maintenance, then traffic back$'
        @($undone.MachinesRemoved).Count | Should -Be 2
        Assert-TakenBack $World | Out-Null
        (Get-DatabaseState release1 $env:BLUEGREEN_TEST_DATABASE).Schema | Should -Be $Release1Schema
        # The next release can start at once.
        (Start-BgDeployment -ConfigPath $Config -Release v3 -BakeTime 0).Status | Should -Be 'Succeeded'
    }
}

Describe 'Undo-BgDeployment changes nothing when it should not act' -Tag Django {
    # One release for all three: -WhatIf and the refusal of unhealthy old machines leave it as it was; the last test
    # completes it and finds the old machines gone.
    BeforeAll {
        Reset-DeploymentWorld $World
        $script:Released = Start-BgDeployment -ConfigPath $Config -Release v2
    }

    It '-WhatIf changes nothing' {
        $Released.Status | Should -Be 'Succeeded'
        $before = $Sandbox.GetStateJson()
        Undo-BgDeployment -ConfigPath $Config -WhatIf | Should -BeNullOrEmpty
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'refuses, changing nothing, when the old machines are unhealthy' {
        $blue = (Get-DeploymentTraffic $World)['blue']
        $Sandbox.SetGroupHealth($blue.Arn, 'unhealthy', 'Target.FailedHealthChecks')
        try {
            { Undo-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'UndoBgDeploymentOldMachinesUnhealthy*'
            Get-BgDeploymentLock -ConfigPath $Config | Should -BeNullOrEmpty
            (Get-LatestDeployment $World).Status | Should -Be 'Succeeded'
        }
        finally { $Sandbox.ClearGroupHealth($blue.Arn) }
    }

    It 'refuses when the old machines are gone, naming the release to redeploy' {
        Complete-BgDeployment -ConfigPath $Config -Force | Out-Null
        $before = $Sandbox.GetStateJson()
        { Undo-BgDeployment -ConfigPath $Config -ErrorAction Stop } | Should -Throw -ErrorId 'UndoBgDeploymentOldMachinesGone*' -ExpectedMessage '*Start-BgDeployment -Release*-Rollback*'
        $Sandbox.GetStateJson() | Should -BeExactly $before
    }

    It 'Start-BgDeployment -Rollback launches the older release again, reverts the newer migrations with the live code, and switches' {
        # The live (green) machines run release2; the machines launched now run release1 (checked out again).
        $releases = @{ '*' = (Join-Path $PSScriptRoot '../django/release1') }
        foreach ($machine in Get-BgMachine -ConfigPath $Config -Role Live) { $releases["ssh://ubuntu@$($machine.Address)"] = Join-Path $PSScriptRoot '../django/release2' }
        $env:BLUEGREEN_FAKE_RELEASES = $releases | ConvertTo-Json -Compress
        { Start-BgDeployment -ConfigPath $Config -Rollback -ErrorAction Stop } | Should -Throw -ErrorId 'StartBgDeploymentRollbackNeedsRelease*'

        $rollback = Start-BgDeployment -ConfigPath $Config -Release v1 -Rollback
        $rollback.Status | Should -Be 'Succeeded'
        $rollback.IsRollback | Should -BeTrue
        $rollback.Steps.Name | Should -Contain 'RevertForRollback'
        $rollback.Steps.Name | Should -Not -Contain 'Migrate'
        $rollback.Outputs['rollbackRevert'] | Should -Match 'catalog.add_product_slug'
        # Each revert judged with release2's code against the real database, as Start judged them: its NOT NULL columns
        # and undeclared RunPython need the window (before the switch); its new tables alone would not.
        $rollback.MigrationCompatibility.Count | Should -Be 7
        $rollback.MaintenanceDecision | Should -Match '^window: 5 of 7 migration\(s\) to revert the older release may not run beside'
        ($rollback.MigrationCompatibility -match '^orders\.0001_initial: compatible: Create model Order') | Should -Not -BeNullOrEmpty
        $names = @($rollback.Steps.Name)
        $names.IndexOf('MaintenanceOn') | Should -BeLessThan $names.IndexOf('RevertForRollback')
        $names.IndexOf('RevertForRollback') | Should -BeLessThan $names.IndexOf('SwitchTraffic')
        (Get-DatabaseState release1 $env:BLUEGREEN_TEST_DATABASE).Schema | Should -Be $Release1Schema -Because 'the database is exactly as release1 had it'
        $record = Assert-DeploymentSafe -World $World -Serving blue -Status Succeeded -LockHeld $false
        $record.IsRollback | Should -BeTrue
    }
}
