# Deadline: 450 s (about 170 s with 4 files at a time on 2 cores: a real Django migrates and reverts through the fake machines)
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    . (Join-Path $PSScriptRoot '../django/MigrationTestProject.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("bg-undo-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    # What each old release's state looks like when only that release ever migrated the database.
    $script:Release1Reference = Get-DatabaseState release1 (New-TestDatabase $script:Work release1)
    $script:Release2Reference = Get-DatabaseState release2 (New-TestDatabase $script:Work release2)
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Undo-BgMigration' -Tag Django {
    Context 'release2 rolled back to release1' {
        BeforeEach {
            $script:Db = New-TestDatabase $script:Work release1, release2
            $script:Env = Get-DatabaseEnvironment $script:Db
        }

        It 'unapplies every migration release2 added, dependents first, and leaves the database exactly as release1 had it' {
            $diff = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -Environment $script:Env
            $steps = $diff | Undo-BgMigration -Confirm:$false

            $steps.Count | Should -Be 4
            $steps[0].App | Should -Be 'orders'
            $steps[0].Target | Should -Be 'zero'
            $steps.App | Should -Contain 'notes'
            $steps.App[-1] | Should -Be 'catalog'
            $steps[-1].Target | Should -Be '0001_initial'
            $steps[-1].Unapplied | Should -Be @('catalog.add_product_slug', 'catalog.0004_fill_sku', 'catalog.0003_product_sku', 'catalog.0002_product_price')
            ($steps | Where-Object App -EQ inventory).Target | Should -Be '0002_stock_level'

            $state = Get-DatabaseState release1 $script:Db
            $state.Plan | Should -Be $script:Release1Reference.Plan
            $state.InspectDb | Should -Be $script:Release1Reference.InspectDb
            $state.Schema | Should -Be $script:Release1Reference.Schema
            $state.Schema | Should -Not -Match 'orders_order|notes_note'
        }

        It 'changes nothing with -WhatIf' {
            $before = Get-DatabaseState release2 $script:Db
            $hash = (Get-FileHash $script:Db).Hash
            # "What if:" goes to the host, not to a stream: capture it with a transcript.
            $transcript = Join-Path $script:Work 'whatif.txt'
            Start-Transcript -Path $transcript -Force | Out-Null
            try {
                $results = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release2) -Environment $script:Env | Undo-BgMigration -WhatIf
            }
            finally { Stop-Transcript | Out-Null }
            $output = Get-Content $transcript -Raw

            $results | Should -BeNullOrEmpty
            (Get-FileHash $script:Db).Hash | Should -Be $hash
            (Get-DatabaseState release2 $script:Db).Schema | Should -Be $before.Schema
            $output | Should -Match "What if: .*'migrate orders zero': orders.0001_initial"
            $output | Should -Match "'migrate notes zero'"
            $output | Should -Match "'migrate inventory 0002_stock_level': inventory.0003_stock_location"
            $output | Should -Match "migrate catalog 0001_initial': catalog.add_product_slug, catalog.0004_fill_sku"
        }

        It 'undoes one app bound from explicit parameters' {
            Undo-BgMigration -App inventory -Name 0003_stock_location -RevertTarget 0002_stock_level -NewManageCommand (Get-ReleaseCommand release2) -Environment $script:Env -Confirm:$false |
                Select-Object -ExpandProperty Unapplied | Should -Be 'inventory.0003_stock_location'
            (Invoke-Django release2 $script:Db showmigrations, inventory) -join "`n" | Should -Match '\[ \] 0003_stock_location'
        }

        It 'refuses a hostile migration name before running anything' {
            $hash = (Get-FileHash $script:Db).Hash
            { Undo-BgMigration -App catalog -Name '0002_x --fake' -RevertTarget 0001_initial -NewManageCommand (Get-ReleaseCommand release2) -Environment $script:Env -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'UndoBgMigrationInvalidMigrationName,*'
            (Get-FileHash $script:Db).Hash | Should -Be $hash
        }

        It 'refuses input from two different releases' {
            $first = [pscustomobject]@{ App = 'orders'; Name = '0001_initial'; RevertTarget = 'zero'; NewManageCommand = (Get-ReleaseCommand release2); NewEnvironment = $script:Env }
            $second = [pscustomobject]@{ App = 'notes'; Name = '0001_initial'; RevertTarget = 'zero'; NewManageCommand = (Get-ReleaseCommand release4); NewEnvironment = $script:Env }
            { $first, $second | Undo-BgMigration -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'UndoBgMigrationManageCommandMismatch,*'
            (Invoke-Django release2 $script:Db showmigrations, orders) -join "`n" | Should -Match '\[X\] 0001_initial'
        }
    }

    Context 'irreversible migrations' {
        It 'stops before running anything and names the irreversible migrations' {
            $db = New-TestDatabase $script:Work release1, release4
            $hash = (Get-FileHash $db).Hash
            $diff = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release4) -Environment (Get-DatabaseEnvironment $db) 3>$null

            ($diff | Where-Object Name -EQ '0002_order_reference').Reversible | Should -BeFalse
            ($diff | Where-Object Name -EQ '0002_note_cleanup').Reversible | Should -BeFalse
            ($diff | Where-Object Name -EQ '0004_fill_sku').Reversible | Should -BeTrue

            $failure = $null
            try { $diff | Undo-BgMigration -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'UndoBgMigrationIrreversibleMigration,*'
            $failure.Exception.Message | Should -Match 'orders\.0002_order_reference'
            $failure.Exception.Message | Should -Match 'notes\.0002_note_cleanup'
            (Get-FileHash $db).Hash | Should -Be $hash
        }
    }

    Context 'squashed migrations' {
        It 'reverts to the squash that stands for the old release''s migrations' {
            $db = New-TestDatabase $script:Work release2, release3
            $diff = Get-BgMigrationDiff (Get-ReleaseCommand release2) (Get-ReleaseCommand release3) -Environment (Get-DatabaseEnvironment $db)

            $diff.Count | Should -Be 1
            $diff.Name | Should -Be '0004_stock_reserved'
            $diff.RevertTarget | Should -Be '0001_squashed_0003_stock_location'

            $steps = $diff | Undo-BgMigration -Confirm:$false
            $steps.Unapplied | Should -Be 'inventory.0004_stock_reserved'
            $state = Get-DatabaseState release2 $db
            $state.Plan | Should -Be $script:Release2Reference.Plan
            $state.InspectDb | Should -Be $script:Release2Reference.InspectDb
            # release3 recorded the squash itself as applied; release2 does not know it, so compare its own records only.
            ($state.Schema -replace "\('inventory', '0001_squashed_0003_stock_location'\), ", '') | Should -Be $script:Release2Reference.Schema
        }

        It 'refuses, changing nothing, when the old state lies inside an applied squash' {
            $db = New-TestDatabase $script:Work release1, release3
            $hash = (Get-FileHash $db).Hash
            $diff = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release3) -Environment (Get-DatabaseEnvironment $db) -WarningVariable warnings 3>$null

            ($warnings -join ' ') | Should -Match 'inventory.0002_stock_level.*squash'
            { $diff | Undo-BgMigration -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'UndoBgMigrationRevertBlocked,*'
            (Get-FileHash $db).Hash | Should -Be $hash
        }

        It 'undoes a release whose squash is only partly applied' {
            # release3 half-deployed over release1: everything but inventory migrated, so the squash is partial.
            $db = New-TestDatabase $script:Work release1, release3:catalog, release3:notes, release3:orders
            (Invoke-Django release3 $db showmigrations, '--plan') -join "`n" | Should -Match '\[X\]  inventory\.0002_stock_level'

            $diff = Get-BgMigrationDiff (Get-ReleaseCommand release1) (Get-ReleaseCommand release3) -Environment (Get-DatabaseEnvironment $db)
            ($diff | Where-Object App -EQ inventory).NewState | Should -Not -Contain 'Applied'
            $diff | Undo-BgMigration -Confirm:$false | Out-Null

            $state = Get-DatabaseState release1 $db
            $state.Plan | Should -Be $script:Release1Reference.Plan
            $state.InspectDb | Should -Be $script:Release1Reference.InspectDb
            $state.Schema | Should -Be $script:Release1Reference.Schema
        }
    }
}
