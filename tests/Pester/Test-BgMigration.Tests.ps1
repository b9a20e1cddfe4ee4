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

Describe 'Test-BgMigration: compatibility with the running release, on the corpus, against real Django' -Tag Django {
    # tests/django/compat: 0001_base applied, then one pending migration per rule; each file's docstring starts with
    # what it must be (Compatible, Incompatible or Unknown). Classified on SQLite and on PostgreSQL.
    BeforeAll {
        $script:Corpus = (Resolve-Path (Join-Path $PSScriptRoot '../django/compat')).Path
        $script:CorpusCommand = @($script:DjangoPython, (Join-Path $script:Corpus 'manage.py'))
        $script:Expected = [ordered]@{}
        foreach ($file in Get-ChildItem (Join-Path $script:Corpus 'corpus/migrations') -Filter '0*.py' | Where-Object Name -NE '0001_base.py' | Sort-Object Name) {
            $script:Expected[$file.BaseName] = ((Get-Content $file.FullName -TotalCount 1) -replace '^"""', '' -split '[: ]')[0]
        }
        Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
        $script:Postgres = Start-PostgreSql

        function Invoke-Corpus {
            param([hashtable] $Environment, [string[]] $Arguments)
            $saved = @{}
            foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
            try {
                $output = & $script:CorpusCommand[0] $script:CorpusCommand[1] @Arguments 2>&1
                if ($LASTEXITCODE -ne 0) { throw "manage.py $($Arguments -join ' ') (corpus) failed: $($output -join "`\n")" }
            }
            finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        }
    }

    AfterAll {
        if ($script:Postgres.Ready) {
            Remove-PostgreSqlDatabase -Database $script:Postgres.Database | Out-Null
            Stop-PostgreSql | Out-Null
        }
    }

    It 'classifies every migration of the corpus right on <Vendor>' -ForEach @(@{ Vendor = 'sqlite' }, @{ Vendor = 'postgresql' }) {
        $environment = @{ PYTHONDONTWRITEBYTECODE = '1'; BLUEGREEN_TEST_DATABASE = (Join-Path $script:Work "corpus-$([guid]::NewGuid().ToString('n').Substring(0, 8)).sqlite3") }
        if ($Vendor -eq 'postgresql') {
            if (-not $script:Postgres.Ready) { Set-ItResult -Skipped -Because "PostgreSQL is not available: $($script:Postgres.Reason)"; return }
            $url = [uri] $script:Postgres.DatabaseUrl
            $environment += @{ BLUEGREEN_TEST_PG_NAME = $script:Postgres.Database; BLUEGREEN_TEST_PG_HOST = $url.Host; BLUEGREEN_TEST_PG_PORT = "$($url.Port)"
                BLUEGREEN_TEST_PG_USER = $url.UserInfo.Split(':')[0]; BLUEGREEN_TEST_PG_PASSWORD = $url.UserInfo.Split(':', 2)[1] }
        }
        Invoke-Corpus $environment 'migrate', 'corpus', '0001_base', '--noinput'

        $pending = @(Test-BgMigration $script:CorpusCommand -Environment $environment 3>$null)

        $table = $pending | ForEach-Object { [pscustomobject]@{ Migration = $_.Name; Expected = $script:Expected[$_.Name]; Actual = "$($_.Compatibility)"; Why = "$($_.Operation): $($_.Why)"; Sql = $_.Sql } }
        Write-Host ($table | Format-Table Migration, Expected, Actual, Sql -AutoSize | Out-String -Width 250)
        $pending.Name | Should -Be @($script:Expected.Keys)
        @($table | Where-Object { $_.Expected -ne $_.Actual } | ForEach-Object { "$($_.Migration): expected $($_.Expected), got $($_.Actual) ($($_.Why))" }) | Should -BeNullOrEmpty
        # Every verdict names its operation and reason; each one with SQL shows its line, from this vendor's SQL.
        $pending | ForEach-Object { $_.Operation | Should -Not -BeNullOrEmpty; $_.Why | Should -Not -BeNullOrEmpty }
        ($pending | Where-Object Name -EQ '0008_remove_field').Sql | Should -Match $(if ($Vendor -eq 'postgresql') { 'DROP COLUMN "legacy"' } else { 'new__corpus_item' })
        ($pending | Where-Object Name -EQ '0003_add_not_null_column').Sql | Should -Match $(if ($Vendor -eq 'postgresql') { 'ALTER COLUMN "weight" DROP DEFAULT' } else { '"weight" integer NOT NULL' })
        ($pending | Where-Object Name -EQ '0021_run_sql_declared').Why | Should -Match 'declared by the migration \(bluegreen_compatible = True'
        ($pending | Where-Object Name -EQ '0020_run_python_undeclared').Sql | Should -BeNullOrEmpty
    }
}
