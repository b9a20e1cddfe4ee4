# Deadline: 900 s
# Real Docker Compose (issue 12): examples/shop's production.yml, cookiecutter-django style, as two machines (two
# compose projects, release 1 as blue and release 2 as green, each on its own port) against one PostgreSQL database
# and one shared SHOP_DATA_DIR, on Debian's dockerd with host networking and a base image made by debootstrap.
# Skipped, with the reason, when this machine cannot run an engine (tests/docker/DockerTestSupport.psm1 says why).
# Each step's time is printed at the end (and written to $env:BLUEGREEN_DOCKER_TIMES when that is set).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
    $script:Times = [ordered]@{}
    $script:Repo = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-docker-' + [guid]::NewGuid().ToString('n').Substring(0, 8))

    function Measure-Step([string] $Name, [scriptblock] $Script) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try { & $Script } finally { $script:Times[$Name] = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
    }

    function Get-FreePort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function Invoke-Compose {
        # docker-compose -f MACHINE's production.yml -p MACHINE's project ARGS, with the machine's environment.
        # Returns ExitCode, Output (stdout) and Error (stderr); throws with both when it fails, unless -AllowFailure.
        param([Parameter(Mandatory)] $Machine, [Parameter(Mandatory)] [string[]] $Arguments, [switch] $AllowFailure)
        $variables = @{
            DOCKER_HOST = 'unix:///var/run/docker.sock'; BASE_IMAGE = $script:Setup.BaseImage.Tag
            DATABASE_URL = $script:Setup.PostgreSql.DatabaseUrl; SHOP_DATA_DIR = $script:DataDir; SHOP_PORT = "$($Machine.Port)"
            BLUEGREEN_MACHINE = $Machine.Name; BLUEGREEN_COLOR = $Machine.Color
        }
        $saved = @{}
        foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
        $errorFile = New-TemporaryFile
        try {
            $output = & docker-compose -f (Join-Path $Machine.Directory 'production.yml') -p $Machine.Project @Arguments 2> $errorFile.FullName
            $exit = $LASTEXITCODE
            $errors = (Get-Content -Raw $errorFile.FullName) + ''
        } finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            Remove-Item $errorFile.FullName -ErrorAction Ignore
        }
        $text = (@($output) -join "`n").Trim()
        if ($exit -ne 0 -and -not $AllowFailure) { throw "docker-compose -p $($Machine.Project) $($Arguments -join ' ') failed ($exit):`n$text`n$errors" }
        [pscustomobject]@{ ExitCode = $exit; Output = $text; Error = $errors }
    }

    function Invoke-Curl([int] $Port, [string] $Path = '/') {
        # One request with curl: Status (the HTTP code, 0 when nothing answered), Body, and curl's Error.
        $body = New-TemporaryFile
        $errors = New-TemporaryFile
        try {
            $status = & curl --silent --show-error --max-time 10 --output $body.FullName --write-out '%{http_code}' "http://127.0.0.1:$Port$Path" 2> $errors.FullName
            [pscustomobject]@{ Status = [int] $status; Body = (Get-Content -Raw $body.FullName) + ''; Error = (Get-Content -Raw $errors.FullName) + '' }
        } finally { Remove-Item $body.FullName, $errors.FullName -ErrorAction Ignore }
    }

    function Wait-Http([int] $Port, [string] $Path, [int] $Status, [int] $TimeoutSeconds = 60) {
        # Polls until the path answers -Status; returns the last answer, throws at the deadline.
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        do {
            $answer = Invoke-Curl $Port $Path
            if ($answer.Status -eq $Status) { return $answer }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        throw "http://127.0.0.1:$Port$Path did not answer $Status within $TimeoutSeconds s (last: $($answer.Status) $($answer.Body)$($answer.Error))"
    }

    function Invoke-Psql([string] $Sql) { Invoke-TestDatabaseQuery -PostgreSql $script:Setup.PostgreSql -Sql $Sql }

    $script:Setup = Measure-Step 'environment (packages, engine, base image, PostgreSQL)' { Initialize-DockerTestEnvironment }
    $script:SkipReason = $Setup.Reason
    if (-not $Setup.Ready) {
        Write-Warning "The Docker Compose tests are skipped: $SkipReason"
        return
    }
    $script:Times["packages ($($Setup.Prerequisite.How))"] = $Setup.Prerequisite.Seconds
    $script:Times["engine ($($Setup.Engine.How))"] = $Setup.Engine.Seconds
    $script:Times["base image ($($Setup.BaseImage.How))"] = $Setup.BaseImage.Seconds
    $script:Times["PostgreSQL ($($Setup.PostgreSql.How), role and database)"] = $Setup.PostgreSql.Seconds

    # The shared host folder of every machine (maintenance state), writable by the containers' django user.
    $script:DataDir = Join-Path $Work 'shared-data'
    $null = New-Item -ItemType Directory -Force -Path $DataDir
    & chmod 0777 $DataDir

    # Release 1 is examples/shop as committed; release 2 is a copy of it with examples/releases/2 laid over.
    $release2 = Join-Path $Work 'release2'
    Copy-Item -Recurse (Join-Path $Repo 'examples/shop') $release2
    Copy-Item -Recurse -Force (Join-Path $Repo 'examples/releases/2/*') $release2
    $suffix = [guid]::NewGuid().ToString('n').Substring(0, 6)
    $script:Blue = [pscustomobject]@{ Name = "shop-blue-$suffix"; Color = 'blue'; Release = '1'; Port = (Get-FreePort)
        Project = "bgblue$suffix"; Directory = (Join-Path $Repo 'examples/shop') }
    $script:Green = [pscustomobject]@{ Name = "shop-green-$suffix"; Color = 'green'; Release = '2'; Port = (Get-FreePort)
        Project = "bggreen$suffix"; Directory = $release2 }
    while ($Green.Port -eq $Blue.Port) { $Green.Port = Get-FreePort }
    $script:Machines = @($Blue, $Green)
    $script:Up = @{}
    foreach ($machine in $Machines) {
        $script:Up[$machine.Project] = Measure-Step "up --build -d ($($machine.Color))" { Invoke-Compose $machine 'up', '--build', '-d' }
    }
    foreach ($machine in $Machines) { $null = Wait-Http $machine.Port '/health/' 200 }
}

AfterAll {
    if ($script:Machines) {
        foreach ($machine in $Machines) { $null = Invoke-Compose $machine 'down', '--rmi', 'local', '--remove-orphans' -AllowFailure }
    }
    if ($script:Setup -and $Setup.PostgreSql -and $Setup.PostgreSql.Ready) { $null = Remove-PostgreSqlDatabase -Database $Setup.PostgreSql.Database }
    if ($script:Setup -and $Setup.Engine -and $Setup.Engine.How -eq 'Started') { $null = Stop-DockerEngine }
    if ($script:Setup -and $Setup.PostgreSql -and $Setup.PostgreSql.How -eq 'Started') { $null = Stop-PostgreSql }
    if ($script:Work -and (Test-Path $Work)) { Remove-Item $Work -Recurse -Force -ErrorAction Ignore }
    if ($script:Times -and $Times.Count) {
        Write-Host 'Docker Compose steps (seconds):'
        foreach ($name in $Times.Keys) { Write-Host ("  {0,7:N1}  {1}" -f $Times[$name], $name) }
        if ($env:BLUEGREEN_DOCKER_TIMES) { [pscustomobject] $Times | ConvertTo-Json | Set-Content $env:BLUEGREEN_DOCKER_TIMES }
    }
}

Describe 'examples/shop production.yml on real Docker Compose' -Tag Docker {
    It 'builds the base image once, tagged by its package list, and finds it cached the second time' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $packages = Get-BaseImagePackage
        $Setup.BaseImage.Tag | Should -Be (Get-BaseImageTag -Suite (Get-DebianSuite) -Package $packages)
        $again = Measure-Step 'base image (second call)' { Build-BaseImage }
        $again.How | Should -Be 'Cached'
        $again.Tag | Should -Be $Setup.BaseImage.Tag
        $label = & docker image inspect --format '{{index .Config.Labels "org.bluegreen.base.packages"}}' $again.Tag
        $label | Should -Be ($packages -join ',')
        # What compose builds FROM when BASE_IMAGE is not given is the alias Build-BaseImage keeps on the newest build.
        $dockerfile = Get-Content (Join-Path $Repo 'examples/shop/compose/production/django/Dockerfile') | Where-Object { $_ -match '^ARG BASE_IMAGE=' }
        $dockerfile | Should -Be "ARG BASE_IMAGE=$($again.Alias)"
        Get-Content -Raw (Join-Path $Repo 'examples/shop/production.yml') | Should -Match ([regex]::Escape("BASE_IMAGE: `${BASE_IMAGE:-$($again.Alias)}"))
        & docker image inspect --format '{{.Id}}' $again.Alias | Should -Be (& docker image inspect --format '{{.Id}}' $again.Tag)
        # Another package list is another image.
        Get-BaseImageTag -Suite (Get-DebianSuite) -Package ($packages + 'curl') | Should -Not -Be $again.Tag
    }

    It 'runs each machine''s django container on the host network, gunicorn on 127.0.0.1 and its own port' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        foreach ($machine in $Machines) {
            $ids = @(& docker ps -q --filter "label=com.docker.compose.project=$($machine.Project)" --filter 'label=com.docker.compose.service=django')
            $ids.Count | Should -Be 1 -Because "$($machine.Project) runs one django container"
            & docker inspect --format '{{.HostConfig.NetworkMode}}' $ids[0] | Should -Be 'host'
            (Invoke-Curl $machine.Port '/health/').Status | Should -Be 200
            $listen = Invoke-Compose $machine 'exec', '-T', 'django', 'python', '-c', 'import os; print(os.environ["SHOP_PORT"])'
            $listen.Output | Should -Be "$($machine.Port)"
        }
        # Bound to 127.0.0.1 only: the port does not answer on another address of this machine, when it has one.
        $other = (& hostname -I) -split '\s+' | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' -and $_ -notlike '127.*' } | Select-Object -First 1
        if ($other) {
            & curl --silent --max-time 3 --output /dev/null "http://${other}:$($Blue.Port)/health/" 2>$null
            $LASTEXITCODE | Should -Not -Be 0 -Because "gunicorn binds 127.0.0.1, not $other"
        }
    }

    It 'exec -T django sees DATABASE_URL, so manage.py migrate runs against PostgreSQL' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        foreach ($machine in $Machines) {
            $seen = Invoke-Compose $machine 'exec', '-T', 'django', 'python', '-c', 'import os; print(os.environ.get("DATABASE_URL", "<unset>"))'
            $seen.Output | Should -Be $Setup.PostgreSql.DatabaseUrl
            $vendor = Invoke-Compose $machine 'exec', '-T', 'django', 'python', 'manage.py', 'shell', '-c', 'from django.db import connection; print(connection.vendor, connection.settings_dict["NAME"])'
            $vendor.Output | Should -Be "postgresql $($Setup.PostgreSql.Database)"
        }
        # Green (release 2) migrates the shared database: 0001 and 0002.
        $migrate = Measure-Step 'exec -T django python manage.py migrate' { Invoke-Compose $Green 'exec', '-T', 'django', 'python', 'manage.py', 'migrate', '--no-input' }
        $migrate.Output | Should -Match 'Applying shop\.0001_initial\.\.\. OK'
        $migrate.Output | Should -Match 'Applying shop\.0002_product_in_stock\.\.\. OK'
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be "0001_initial`n0002_product_in_stock"
        Invoke-Psql 'SELECT count(*) FROM shop_product' | Should -Be '3'
        Invoke-Psql "SELECT column_name FROM information_schema.columns WHERE table_name = 'shop_product' AND column_name = 'in_stock'" | Should -Be 'in_stock'
        # Nothing fell back to SQLite in the shared folder.
        @(Get-ChildItem $DataDir -Filter '*.sqlite3') | Should -BeNullOrEmpty
    }

    It 'answers JSON from the app on each machine: its release, machine, color and the shared products' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        foreach ($machine in $Machines) {
            $answer = Invoke-Curl $machine.Port '/'
            $answer.Status | Should -Be 200 -Because $answer.Body
            $json = $answer.Body | ConvertFrom-Json
            $json.release | Should -Be $machine.Release
            $json.machine | Should -Be $machine.Name
            $json.color | Should -Be $machine.Color
            $json.products | Should -Be 3
        }
        ((Invoke-Curl $Green.Port '/').Body | ConvertFrom-Json).in_stock | Should -Be 0
    }

    It 'maintenance_mode on from one machine makes both answer 503 (shared state), off serves both again' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $null = Invoke-Compose $Blue 'exec', '-T', 'django', 'python', 'manage.py', 'maintenance_mode', 'on'
        Test-Path (Join-Path $DataDir 'maintenance_mode_state.txt') | Should -BeTrue -Because 'the state file is in the shared host folder'
        foreach ($machine in $Machines) {
            $answer = Invoke-Curl $machine.Port '/'
            $answer.Status | Should -Be 503 -Because "$($machine.Color) reads the shared state"
            $answer.Body | Should -Match 'Down for maintenance'
            (Invoke-Curl $machine.Port '/health/').Status | Should -Be 200 -Because '/health/ is exempt from maintenance'
        }
        $null = Invoke-Compose $Green 'exec', '-T', 'django', 'python', 'manage.py', 'maintenance_mode', 'off'
        foreach ($machine in $Machines) { (Invoke-Curl $machine.Port '/').Status | Should -Be 200 }
    }

    It 'migrate shop 0001 reverts release 2''s migration under PostgreSQL, and release 1 still serves' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $revert = Measure-Step 'exec -T django python manage.py migrate shop 0001' { Invoke-Compose $Green 'exec', '-T', 'django', 'python', 'manage.py', 'migrate', 'shop', '0001', '--no-input' }
        $revert.Output | Should -Match 'Unapplying shop\.0002_product_in_stock\.\.\. OK'
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be '0001_initial'
        Invoke-Psql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'shop_product' AND column_name = 'in_stock'" | Should -Be '0'
        Invoke-Psql 'SELECT count(*) FROM shop_product' | Should -Be '3'
        $answer = Invoke-Curl $Blue.Port '/'
        $answer.Status | Should -Be 200
        ($answer.Body | ConvertFrom-Json).products | Should -Be 3
    }

    It 'down removes every container of both projects' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        foreach ($machine in $Machines) {
            $null = Measure-Step "down ($($machine.Color))" { Invoke-Compose $machine 'down', '--rmi', 'local', '--remove-orphans' }
            @(& docker ps -a -q --filter "label=com.docker.compose.project=$($machine.Project)") | Should -BeNullOrEmpty
            & curl --silent --max-time 3 --output /dev/null "http://127.0.0.1:$($machine.Port)/health/" 2>$null
            $LASTEXITCODE | Should -Not -Be 0 -Because "nothing listens on $($machine.Port) any more"
        }
        $script:Machines = @()
    }
}
