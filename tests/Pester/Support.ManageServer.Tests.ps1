# The fake docker's manage.py runs (tests/fakes/fakelib.py run_manage, tests/fakes/manage_server.py): a command run
# through the preloaded server must be what '/usr/bin/python3 manage.py ARGS' in the release directory is (output,
# stderr, exit code, settings of that release, environment), and a caller that is killed takes its command with it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    $script:Fakes = (Resolve-Path (Join-Path $PSScriptRoot '../fakes')).Path
    $script:Django = (Resolve-Path (Join-Path $PSScriptRoot '../django')).Path
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-manage-server-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:Caller = Join-Path $Work 'caller.py'
    # What the fake docker does for an exec on a mapped engine: fakelib.run_manage(directory, arguments).
    Set-Content -Path $Caller -Value @"
import sys
sys.path.insert(0, '$Fakes')
import fakelib
sys.exit(fakelib.run_manage(sys.argv[1], sys.argv[2:]))
"@
    $env:BLUEGREEN_FAKE_DIR = Join-Path $Work 'fake'
    $env:BLUEGREEN_TEST_DATABASE = Join-Path $Work 'db.sqlite3'

    function Invoke-Manage {
        # Through the server (the default) or, with -Direct, as the plain process it stands for. Returns the exit code,
        # stdout and stderr.
        param([string] $Release, [string[]] $Arguments, [switch] $Direct)
        $out = Join-Path $Work 'out.txt'
        $err = Join-Path $Work 'err.txt'
        if ($Direct) {
            Push-Location (Join-Path $Django $Release)
            try { & /usr/bin/python3 manage.py @Arguments > $out 2> $err } finally { Pop-Location }
        }
        else {
            & /usr/bin/python3 $Caller (Join-Path $Django $Release) @Arguments > $out 2> $err
        }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Out = (Get-Content -Raw $out); Err = (Get-Content -Raw $err) }
    }

    function Get-ServerProcess {
        @(& pgrep -f "manage_server.py $([regex]::Escape($env:BLUEGREEN_FAKE_DIR))" | ForEach-Object { [int] $_ })
    }
}

AfterAll {
    Get-ServerProcess | ForEach-Object { Stop-Process -Id $_ -Force -ErrorAction SilentlyContinue }
    Remove-Item Env:BLUEGREEN_FAKE_DIR, Env:BLUEGREEN_TEST_DATABASE, Env:BLUEGREEN_FAKE_MANAGE_SERVER -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'The fake machines'' manage.py server' {
    It 'answers as a new manage.py process does: migrate, then showmigrations, with output and exit code' {
        $migrate = Invoke-Manage release1 migrate, --noinput
        $migrate.ExitCode | Should -Be 0
        $migrate.Out | Should -Match 'Applying inventory.0002_stock_level\.\.\. OK'
        @(Get-ServerProcess).Count | Should -Be 1 -Because 'the first command starts the server'

        $served = Invoke-Manage release1 showmigrations
        $direct = Invoke-Manage release1 showmigrations -Direct
        $served.ExitCode | Should -Be 0
        $served.Out | Should -Be $direct.Out
        $served.Out | Should -Match '\[X\] 0002_stock_level'
    }

    It 'gives each command the settings and modules of its own release, not of the one before' {
        # release2 adds apps (orders) and migrations that release1 does not have; the same server runs both.
        $one = Invoke-Manage release1 showmigrations, --list
        $two = Invoke-Manage release2 showmigrations, --list
        $two.Out | Should -Be (Invoke-Manage release2 showmigrations, --list -Direct).Out
        $two.Out | Should -Match '(?m)^orders$'
        $one.Out | Should -Not -Match '(?m)^orders$'
        @(Get-ServerProcess).Count | Should -Be 1
    }

    It 'passes a failing command''s stderr and exit code through' {
        $served = Invoke-Manage release1 migrate, notes, 9999
        $direct = Invoke-Manage release1 migrate, notes, 9999 -Direct
        $served.ExitCode | Should -Be $direct.ExitCode
        $served.ExitCode | Should -Not -Be 0
        $served.Err | Should -Be $direct.Err
        (Invoke-Manage release1 nosuchcommand).Err | Should -Match "Unknown command: 'nosuchcommand'"
    }

    It 'gives the command the caller''s environment' {
        $env:BLUEGREEN_MANAGE_SERVER_PROBE = 'from-the-caller'
        try {
            $served = Invoke-Manage release1 shell, -c, "import os; print(os.environ.get('BLUEGREEN_MANAGE_SERVER_PROBE'), os.getcwd())"
        }
        finally { Remove-Item Env:BLUEGREEN_MANAGE_SERVER_PROBE }
        $served.Out.Trim() | Should -Be "from-the-caller $(Join-Path $Django 'release1')"
    }

    It 'kills the command when its caller is killed' {
        (Invoke-Manage release1 check).ExitCode | Should -Be 0
        $server = @(Get-ServerProcess)[0]
        $start = [Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        foreach ($argument in $Caller, (Join-Path $Django 'release1'), 'shell', '-c', 'import time; time.sleep(60)') { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        # The command is a child of the server (forked: it shows the server's command line).
        Wait-Until -TimeoutSeconds 20 -Because 'the server to fork the command' -Condition { @(& pgrep -P $server).Count -eq 1 }
        Start-Sleep -Milliseconds 500
        $process.HasExited | Should -BeFalse -Because 'the caller waits for its command'
        $process.Kill()
        Wait-Until -TimeoutSeconds 10 -Because 'the server to kill the command of a caller that went away' -Condition { @(& pgrep -P $server).Count -eq 0 }
        $after = Invoke-Manage release1 check
        $after.ExitCode | Should -Be 0 -Because "the server goes on serving ($($after.Err))"
    }

    It 'runs a new process instead with BLUEGREEN_FAKE_MANAGE_SERVER=0' {
        Get-ServerProcess | ForEach-Object { Stop-Process -Id $_ -Force }
        $env:BLUEGREEN_FAKE_MANAGE_SERVER = '0'
        try { $served = Invoke-Manage release1 showmigrations }
        finally { Remove-Item Env:BLUEGREEN_FAKE_MANAGE_SERVER }
        $served.ExitCode | Should -Be 0
        $served.Out | Should -Match '0002_stock_level'
        @(Get-ServerProcess).Count | Should -Be 0
    }
}

