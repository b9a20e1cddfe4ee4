# Helpers for the Pester tests of the migration cmdlets: fresh SQLite copies migrated by the releases in this
# folder, and the database's state as Django and SQLite see it. Dot-source it in BeforeAll.
# Always Debian's /usr/bin/python3 (it has python3-django 3.2); the first python3 on PATH may not.

$script:DjangoPython = '/usr/bin/python3'
$script:DjangoProjectRoot = $PSScriptRoot

function Get-ReleaseCommand {
    # The manage command of a release, as Get-BgMigrationDiff and Undo-BgMigration take it.
    param([Parameter(Mandatory)] [string] $Release)
    @($script:DjangoPython, (Join-Path $script:DjangoProjectRoot $Release 'manage.py'))
}

function Get-DatabaseEnvironment {
    param([Parameter(Mandatory)] [string] $Database)
    @{ BLUEGREEN_TEST_DATABASE = $Database; PYTHONDONTWRITEBYTECODE = '1' }
}

function Invoke-Django {
    # Runs manage.py of a release against a database; throws on failure; returns the output lines.
    param([Parameter(Mandatory)] [string] $Release, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string[]] $Arguments)
    $saved = @{ BLUEGREEN_TEST_DATABASE = $env:BLUEGREEN_TEST_DATABASE; PYTHONDONTWRITEBYTECODE = $env:PYTHONDONTWRITEBYTECODE }
    try {
        $env:BLUEGREEN_TEST_DATABASE = $Database
        $env:PYTHONDONTWRITEBYTECODE = '1'
        $command = Get-ReleaseCommand $Release
        $output = & $command[0] $command[1] @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "manage.py $($Arguments -join ' ') ($Release) failed with exit code ${LASTEXITCODE}: $($output -join "`n")" }
        $output | ForEach-Object { "$_" }
    }
    finally {
        $env:BLUEGREEN_TEST_DATABASE = $saved.BLUEGREEN_TEST_DATABASE
        $env:PYTHONDONTWRITEBYTECODE = $saved.PYTHONDONTWRITEBYTECODE
    }
}

function New-TestDatabase {
    # A fresh database in $Directory migrated by each release of -MigratedBy in turn (each entry: 'release' or
    # 'release:app' or 'release:app:target'), e.g. -MigratedBy release1, release2.
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [string[]] $MigratedBy)
    $path = Join-Path $Directory ("db-{0}.sqlite3" -f [guid]::NewGuid().ToString('n').Substring(0, 8))
    foreach ($step in $MigratedBy) {
        $parts = $step -split ':'
        Invoke-Django $parts[0] $path (@('migrate', '--noinput') + @($parts | Select-Object -Skip 1)) | Out-Null
    }
    $path
}

function Get-DatabaseState {
    # What a release's Django sees (showmigrations --plan, inspectdb) and what SQLite holds (tables, columns,
    # indexes, recorded migrations), as one comparable string per aspect.
    param([Parameter(Mandatory)] [string] $Release, [Parameter(Mandatory)] [string] $Database)
    $schema = & $script:DjangoPython -c @'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
for t in tables:
    cols = sorted((c[1], c[2], c[3], str(c[4]), c[5]) for c in db.execute('PRAGMA table_info("%s")' % t))
    print(t, cols)
    for i in sorted(r[1] for r in db.execute('PRAGMA index_list("%s")' % t)):
        print('  index', i.split('_')[0], sorted(c[2] for c in db.execute('PRAGMA index_info("%s")' % i)))
print('recorded', sorted(db.execute('SELECT app, name FROM django_migrations')))
'@ $Database
    if ($LASTEXITCODE -ne 0) { throw "Reading the schema of $Database failed." }
    [pscustomobject]@{
        Plan      = (Invoke-Django $Release $Database 'showmigrations', '--plan', '-v', '2') -join "`n"
        InspectDb = (Invoke-Django $Release $Database 'inspectdb') -join "`n"
        Schema    = $schema -join "`n"
    }
}
