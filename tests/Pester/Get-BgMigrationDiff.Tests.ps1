BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("bg-diff-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Db = New-TestDatabase $script:Work release1, release2
    $script:Env = Get-DatabaseEnvironment $script:Db
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Get-BgMigrationDiff' -Tag Django {
    It 'emits one object per migration release2 added, with the revert target of its app' {
        $diff = Get-BgMigrationDiff -OldManageCommand (Get-ReleaseCommand release1) -NewManageCommand (Get-ReleaseCommand release2) -Environment $script:Env

        $diff | ForEach-Object { "$($_.App).$($_.Name)" } | Should -Be @(
            'catalog.0002_product_price', 'catalog.0003_product_sku', 'catalog.0004_fill_sku', 'catalog.add_product_slug',
            'inventory.0003_stock_location', 'notes.0001_initial', 'orders.0001_initial')
        # The engine's types live in BlueGreen's own load context: check the type name, not a type literal.
        $diff | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Django.MigrationDiff' }
        ($diff.OldState | Select-Object -Unique) | Should -Be 'Absent'
        ($diff.NewState | Select-Object -Unique) | Should -Be 'Applied'
        ($diff | Where-Object App -EQ catalog).RevertTarget | Select-Object -Unique | Should -Be '0001_initial'
        ($diff | Where-Object App -EQ orders).RevertTarget | Should -Be 'zero'
        ($diff | Where-Object App -EQ notes).RevertTarget | Should -Be 'zero'
        ($diff | Where-Object App -EQ inventory).RevertTarget | Should -Be '0002_stock_level'
        $diff.Reversible | Should -Not -Contain $false
        $diff[0].NewManageCommand | Should -Be (Get-ReleaseCommand release2)
    }

    It 'reads nothing that changes the database' {
        $hash = (Get-FileHash $script:Db).Hash
        Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -Environment $script:Env | Out-Null
        (Get-FileHash $script:Db).Hash | Should -Be $hash
    }

    It 'emits nothing for two releases in the same state' {
        Get-BgMigrationDiff (Get-ReleaseCommand release2) (Get-ReleaseCommand release2) -Environment $script:Env | Should -BeNullOrEmpty
    }

    It 'resolves relative working directories and tells on -Verbose what it runs' {
        Push-Location (Join-Path $PSScriptRoot '../django')
        try {
            $verbose = Get-BgMigrationDiff '/usr/bin/python3', 'manage.py' '/usr/bin/python3', 'manage.py' -OldWorkingDirectory release1 -NewWorkingDirectory release2 -Environment $script:Env -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        }
        finally { Pop-Location }
        ($verbose.Message -join "`n") | Should -Match 'showmigrations --plan --verbosity 2 --no-color in .*release2'
    }

    It 'shows a short table by default' {
        $table = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -Environment $script:Env | Out-String
        $table | Should -Match 'App\s+Name\s+OldState\s+NewState\s+Reversible\s+RevertTarget'
        $table | Should -Not -Match 'NewEnvironment'
    }

    It 'fails with the exit code and stderr of manage.py when a command fails' {
        $failure = $null
        try { Get-BgMigrationDiff (Get-ReleaseCommand release1) '/usr/bin/python3', '/nonexistent/manage.py' -Environment $script:Env -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'GetBgMigrationDiffCommandFailed,*'
        $failure.Exception.ExitCode | Should -Be 2
        $failure.Exception.Message | Should -Match 'No such file'
    }

    It 'refuses output that is not Django''s' {
        { Get-BgMigrationDiff '/bin/echo', 'Welcome to the machine' (Get-ReleaseCommand release2) -Environment $script:Env -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetBgMigrationDiffMalformedShowMigrationsOutput,*'
    }

    It 'has help with examples' {
        (Get-Help Get-BgMigrationDiff -Examples).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }
}
