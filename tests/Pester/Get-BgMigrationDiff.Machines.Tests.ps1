# Deadline: 450 s (about 135 s with 4 files at a time on 2 cores)
# Get-BgMigrationDiff, Undo-BgMigration and Test-BgMigration through the project's machines, with a real Django:
# the sandbox's EC2 and ELBv2 hold the machines (two healthy live ones seeded in blue, one launched into the idle green
# group), the fake docker of tests/fakes forwards 'compose exec/run ... manage.py' on each machine to a release of
# tests/django (BLUEGREEN_FAKE_RELEASES): live machines run release1, the idle machine release2. One SQLite database,
# shared as blue and green share one in production, fresh for each test.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    . (Join-Path $PSScriptRoot '../fakes/MachineTestProject.ps1')
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-mig-machines-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:Config = New-MachineTestProject -Directory (Join-Path $Work 'project') -SubnetId $Sandbox.SubnetIds[0] -SecurityGroupId $Sandbox.SecurityGroupId
    Reset-FakeState (Join-Path $Work 'fake')

    $script:Idle = New-BgMachine -ConfigPath $Config -TargetGroup Idle -Release release2
    $script:Live = @(Get-BgMachine -ConfigPath $Config -Role Live | Sort-Object Name)
    $Live | Invoke-BgCompose -ConfigPath $Config -Arguments 'up', '-d' | Out-Null

    function Set-MachineRelease([hashtable] $Map) {
        # Which release of tests/django each fake machine runs: machine name -> release folder name.
        $releases = @{}
        foreach ($name in $Map.Keys) { $releases[$name] = Join-Path $script:DjangoProjectRoot $Map[$name] }
        $env:BLUEGREEN_FAKE_RELEASES = $releases | ConvertTo-Json -Compress
    }

    function Get-ManageCall {
        # The fake docker calls that ran manage.py, as 'machine: manage.py arguments'.
        Get-FakeCall docker | Where-Object { $_.argv -contains '/app/manage.py' } | ForEach-Object {
            $arguments = $_.argv[([array]::IndexOf($_.argv, '/app/manage.py') + 1)..($_.argv.Count - 1)] | Where-Object { $_ -ne '--no-color' }
            "$($_.env.DOCKER_MACHINE_NAME): $($arguments -join ' ')"
        }
    }

    $map = @{ $Idle.Name = 'release2' }
    foreach ($machine in $Live) { $map[$machine.Name] = 'release1' }
    Set-MachineRelease $map
    $script:DefaultReleases = $env:BLUEGREEN_FAKE_RELEASES
    $env:PYTHONDONTWRITEBYTECODE = '1'
    $script:Release1Reference = Get-DatabaseState release1 (New-TestDatabase $Work release1)
    $script:DockerPath = Join-Path $PSScriptRoot '../fakes/docker' | Resolve-Path | ForEach-Object Path
}

AfterAll {
    Stop-BgSandbox
    Remove-Item Env:BLUEGREEN_TEST_DATABASE, Env:PYTHONDONTWRITEBYTECODE, Env:BLUEGREEN_FAKE_RELEASES -ErrorAction SilentlyContinue
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Get-BgMigrationDiff on the live and idle machines' -Tag Django {
    BeforeEach {
        $env:BLUEGREEN_FAKE_RELEASES = $DefaultReleases
        $script:Db = New-TestDatabase $Work release1, release2
        $env:BLUEGREEN_TEST_DATABASE = $Db
    }

    It 'reads the old release on a healthy live machine and the new one on the idle machine, from the project file alone' {
        $before = @(Get-FakeCall docker).Count
        $diff = Get-BgMigrationDiff -ConfigPath $Config

        $diff | ForEach-Object { "$($_.App).$($_.Name)" } | Should -Be @(
            'catalog.0002_product_price', 'catalog.0003_product_sku', 'catalog.0004_fill_sku', 'catalog.add_product_slug',
            'inventory.0003_stock_location', 'notes.0001_initial', 'orders.0001_initial')
        ($diff.OldMachine | Select-Object -Unique) | Should -Be $Live[0].Name
        ($diff.NewMachine | Select-Object -Unique) | Should -Be $Idle.Name
        ($diff | Where-Object App -EQ orders).RevertTarget | Should -Be 'zero'
        $diff.Reversible | Should -Not -Contain $false
        $diff[0].NewManageCommand | Should -Be @($DockerPath, 'compose', '-f', 'docker-compose.production.yml', 'exec', '-T', 'django', 'python', '/app/manage.py')
        $diff[0].NewWorkingDirectory | Should -Be (Split-Path $Config)
        $diff[0].NewEnvironment['DOCKER_HOST'] | Should -Be "ssh://ubuntu@$($Idle.Address)"
        $diff[0].NewEnvironment['DOCKER_MACHINE_NAME'] | Should -Be $Idle.Name

        $calls = @(Get-FakeCall docker | Select-Object -Skip $before)
        @($calls | Where-Object { $_.env.DOCKER_MACHINE_NAME -eq $Live[0].Name }).Count | Should -Be 1
        ($calls | Where-Object { $_.env.DOCKER_MACHINE_NAME -eq $Idle.Name }).argv | Should -Contain 'showmigrations'
        $calls.env.DOCKER_MACHINE_NAME | Should -Not -Contain $Live[1].Name
    }

    It 'shows a short table without the machine connection' {
        $table = Get-BgMigrationDiff -ConfigPath $Config | Out-String
        $table | Should -Match 'App\s+Name\s+OldState\s+NewState\s+Reversible\s+RevertTarget'
        $table | Should -Not -Match 'DOCKER_|ssh://|NewEnvironment'
    }

    It 'Get-BgMigrationDiff | Undo-BgMigration -Confirm:$false undoes on the idle machine and leaves exactly release1''s state' {
        $before = @(Get-FakeCall docker).Count
        $steps = Get-BgMigrationDiff -ConfigPath $Config | Undo-BgMigration -Confirm:$false

        $steps.App | Should -Be @('orders', 'notes', 'inventory', 'catalog')
        $state = Get-DatabaseState release1 $Db
        $state.Plan | Should -Be $Release1Reference.Plan
        $state.InspectDb | Should -Be $Release1Reference.InspectDb
        $state.Schema | Should -Be $Release1Reference.Schema
        (Invoke-Django release2 $Db 'showmigrations', '--plan') -join "`n" | Should -Match '\[ \]  orders\.0001_initial'

        $changes = @(Get-FakeCall docker | Select-Object -Skip $before | Where-Object { $_.argv -contains 'migrate' -and $_.argv -notcontains '--plan' })
        $changes.Count | Should -Be 4
        ($changes.env.DOCKER_MACHINE_NAME | Select-Object -Unique) | Should -Be $Idle.Name
        ($changes.env.DOCKER_HOST | Select-Object -Unique) | Should -Be "ssh://ubuntu@$($Idle.Address)"
        ($changes[0].argv | Where-Object { $_ -ne '--no-color' })[-3..-1] | Should -Be @('orders', 'zero', '--noinput')
    }

    It 'changes nothing with -WhatIf and names the idle machine in each step' {
        $hash = (Get-FileHash $Db).Hash
        $before = @(Get-FakeCall docker).Count
        $transcript = Join-Path $Work 'whatif.txt'
        Start-Transcript -Path $transcript -Force | Out-Null
        try { $results = Get-BgMigrationDiff -ConfigPath $Config | Undo-BgMigration -WhatIf }
        finally { Stop-Transcript | Out-Null }
        $output = Get-Content $transcript -Raw

        $results | Should -BeNullOrEmpty
        (Get-FileHash $Db).Hash | Should -Be $hash
        @(Get-FakeCall docker | Select-Object -Skip $before | Where-Object { $_.argv -contains 'migrate' -and $_.argv -notcontains '--plan' }).Count | Should -Be 0
        $output | Should -Match "What if: .*'migrate orders zero': orders.0001_initial.*target `"orders on $([regex]::Escape($Idle.Name)) \(.*docker compose -f docker-compose.production.yml exec -T django python /app/manage.py\)`""
        $output | Should -Match "'migrate catalog 0001_initial'.*target `"catalog on $([regex]::Escape($Idle.Name))"
        $output | Should -Not -Match 'DOCKER_HOST'
    }

    It '-OldMachine and -NewMachine choose the machines' {
        $diff = Get-BgMigrationDiff -ConfigPath $Config -OldMachine $Live[1].Name -NewMachine $Idle.Name
        ($diff.OldMachine | Select-Object -Unique) | Should -Be $Live[1].Name
        (Get-ManageCall | Where-Object { $_ -like "$($Live[1].Name):*" } | Select-Object -Last 1) | Should -Be "$($Live[1].Name): showmigrations --plan --verbosity 2"
    }

    It '-Mode Run reads the plans in fresh containers' {
        $before = @(Get-FakeCall docker).Count
        $diff = Get-BgMigrationDiff -ConfigPath $Config -Mode Run
        @($diff).Count | Should -Be 7
        $calls = @(Get-FakeCall docker | Select-Object -Skip $before)
        $calls | ForEach-Object { $_.argv[3..6] | Should -Be @('run', '--rm', '-T', 'django') }
        $diff[0].NewManageCommand[4..6] | Should -Be @('run', '--rm', '-T')
    }

    It 'refuses <Case> before running anything' -ForEach @(
        @{ Case = 'an idle machine as the old release'; Old = 'idle'; New = $null; Id = 'GetBgMigrationDiffMachineNotLive'; Message = '*is idle (in bluegreen-demo-green), not live*' }
        @{ Case = 'a live machine as the new release'; Old = $null; New = 'live'; Id = 'GetBgMigrationDiffMachineNotIdle'; Message = '*is live (in bluegreen-demo-blue), not idle*' }
        @{ Case = 'an unknown machine'; Old = $null; New = 'demo-ffffffff'; Id = 'GetBgMigrationDiffMachineNotFound'; Message = '*demo-ffffffff*Get-BgMachine -Role Idle*' }
        @{ Case = 'a hostile machine name'; Old = '--driver=none'; New = $null; Id = 'GetBgMigrationDiffInvalidMachineName'; Message = '*not a valid machine name*' }
        @{ Case = 'one machine for both releases'; Old = 'idle'; New = 'idle'; Id = 'GetBgMigrationDiffSameMachine'; Message = '*both name*' }
    ) {
        $names = @{ idle = $Idle.Name; live = $Live[0].Name }
        $parameters = @{ ConfigPath = $Config }
        if ($Old) { $parameters.OldMachine = if ($names.ContainsKey($Old)) { $names[$Old] } else { $Old } }
        if ($New) { $parameters.NewMachine = if ($names.ContainsKey($New)) { $names[$New] } else { $New } }
        $hash = (Get-FileHash $Db).Hash
        $before = @(Get-FakeCall docker).Count

        $failure = $null
        try { Get-BgMigrationDiff @parameters -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failure.Exception.Message | Should -BeLike $Message
        @(Get-FakeCall docker).Count | Should -Be $before
        (Get-FileHash $Db).Hash | Should -Be $hash
    }

    It 'refuses project parameters next to explicit manage commands, and the explicit commands still work' {
        { Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -ConfigPath $Config -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetBgMigrationDiffProjectParameterWithManageCommand,*'
        $diff = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -Environment (Get-DatabaseEnvironment $Db)
        @($diff).Count | Should -Be 7
        $diff | Where-Object { $_.NewMachine -or $_.OldMachine } | Should -BeNullOrEmpty
    }
}

Describe 'Test-BgMigration on the idle machine' -Tag Django {
    BeforeEach {
        $env:BLUEGREEN_FAKE_RELEASES = $DefaultReleases
        $script:Db = New-TestDatabase $Work release1
        $env:BLUEGREEN_TEST_DATABASE = $Db
    }

    It 'lists what the idle machine''s release would migrate, changing nothing' {
        $hash = (Get-FileHash $Db).Hash
        $pending = Test-BgMigration -ConfigPath $Config

        $pending | ForEach-Object { "$($_.App).$($_.Name)" } | Should -Be @(
            'catalog.0002_product_price', 'catalog.0003_product_sku', 'catalog.0004_fill_sku', 'catalog.add_product_slug',
            'inventory.0003_stock_location', 'notes.0001_initial', 'orders.0001_initial')
        ($pending.Machine | Select-Object -Unique) | Should -Be $Idle.Name
        $pending.Reversible | Should -Not -Contain $false
        Test-BgMigration -ConfigPath $Config -Machine $Idle.Name -Quiet | Should -BeTrue
        (Get-FileHash $Db).Hash | Should -Be $hash
        (Get-ManageCall | Select-Object -Last 1) | Should -BeLike "$($Idle.Name): shell --no-startup -c *"
    }

    It 'flags the irreversible migrations of the idle machine''s release' {
        Set-MachineRelease @{ $Idle.Name = 'release4'; $Live[0].Name = 'release1'; $Live[1].Name = 'release1' }
        $pending = Test-BgMigration -ConfigPath $Config -WarningVariable warnings 3>$null
        ($pending | Where-Object { -not $_.Reversible } | ForEach-Object { "$($_.App).$($_.Name)" }) | Should -Be @('notes.0002_note_cleanup', 'orders.0002_order_reference')
        $warnings.Count | Should -Be 2
        Test-BgMigration -ConfigPath $Config -Quiet 3>$null | Should -BeFalse
    }

    It 'runs the fake''s "*" release on a machine mapped by nothing else, and its own on a mapped one' {
        # The live machines by name (release1), every other machine, such as one launched under a random name, by '*'.
        Set-MachineRelease @{ '*' = 'release4'; $Live[0].Name = 'release1'; $Live[1].Name = 'release1' }

        $pending = Test-BgMigration -ConfigPath $Config 3>$null
        $starDiff = Get-BgMigrationDiff -ConfigPath $Config 3>$null
        Set-MachineRelease @{ $Idle.Name = 'release4'; $Live[0].Name = 'release1'; $Live[1].Name = 'release1' }
        $namedDiff = Get-BgMigrationDiff -ConfigPath $Config 3>$null

        ($pending | Where-Object { -not $_.Reversible } | ForEach-Object { "$($_.App).$($_.Name)" }) | Should -Be @('notes.0002_note_cleanup', 'orders.0002_order_reference')
        ($starDiff.OldMachine | Select-Object -Unique) | Should -Be $Live[0].Name
        @($starDiff).Count | Should -BeGreaterThan 0
        ($starDiff | ForEach-Object { "$($_.App).$($_.Name)" }) | Should -Be ($namedDiff | ForEach-Object { "$($_.App).$($_.Name)" })
    }

    It 'refuses a live machine' {
        $before = @(Get-FakeCall docker).Count
        { Test-BgMigration -ConfigPath $Config -Machine $Live[0].Name -ErrorAction Stop } | Should -Throw -ErrorId 'TestBgMigrationMachineNotIdle,*'
        @(Get-FakeCall docker).Count | Should -Be $before
    }
}

Describe 'Without an idle machine' -Tag Django {
    BeforeAll {
        $Sandbox.Reset()   # the seeded world: two live machines, nothing in the idle group
        $script:Db = New-TestDatabase $Work release1
        $env:BLUEGREEN_TEST_DATABASE = $Db
    }

    It '<Command> says to launch the new release into the idle group' -ForEach @(
        @{ Command = 'Get-BgMigrationDiff'; Id = 'GetBgMigrationDiffNoIdleMachine' }
        @{ Command = 'Test-BgMigration'; Id = 'TestBgMigrationNoIdleMachine' }
    ) {
        $before = @(Get-FakeCall docker).Count
        $failure = $null
        try { & $Command -ConfigPath $Config -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.Exception.Message | Should -BeLike '*New-BgMachine -TargetGroup Idle*'
        @(Get-FakeCall docker).Count | Should -Be $before
    }
}
