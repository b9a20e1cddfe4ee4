BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("bg-test-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Db = New-TestDatabase $script:Work release1
    $script:Env = Get-DatabaseEnvironment $script:Db
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Test-BgMigration' -Tag Django {
    It 'lists the pending migrations of a release and flags the irreversible ones' {
        $hash = (Get-FileHash $script:Db).Hash
        $pending = Test-BgMigration (Get-ReleaseCommand release4) -Environment $script:Env -WarningVariable warnings 3>$null

        $pending | ForEach-Object { "$($_.App).$($_.Name)" } | Should -Contain 'orders.0002_order_reference'
        $pending.Count | Should -Be 9
        ($pending | Where-Object { -not $_.Reversible } | ForEach-Object { "$($_.App).$($_.Name)" }) | Should -Be @('notes.0002_note_cleanup', 'orders.0002_order_reference')
        ($pending | Where-Object Name -EQ '0002_order_reference').IrreversibleReason | Should -Match 'RunPython.*is not reversible'
        ($pending | Where-Object Name -EQ '0004_fill_sku').Reversible | Should -BeTrue
        $warnings.Count | Should -Be 2
        (Get-FileHash $script:Db).Hash | Should -Be $hash
    }

    It 'answers with -Quiet whether every pending migration is reversible' {
        Test-BgMigration (Get-ReleaseCommand release4) -Environment $script:Env -Quiet 3>$null | Should -BeFalse
        Test-BgMigration (Get-ReleaseCommand release2) -Environment $script:Env -Quiet | Should -BeTrue
    }

    It 'emits nothing when nothing is pending' {
        Test-BgMigration (Get-ReleaseCommand release1) -Environment $script:Env | Should -BeNullOrEmpty
    }

    It 'has help with examples' {
        (Get-Help Test-BgMigration -Examples).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }
}
