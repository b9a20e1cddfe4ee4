# Deadline: 900 s
# A whole blue-green deployment on real containers (issue 12): Local machines of the Compose runtime, each a compose
# project of its snapshot of examples/shop (production.yml, service django) on this host's engine, behind the sandbox's
# load balancer (its data plane forwards the loopback listeners to each machine's port), one PostgreSQL database and
# one shared SHOP_DATA_DIR (django-maintenance-mode's state). Every step compares three views: the containers docker
# ps lists by compose project label, the machines Get-BgMachine reports, and what the listener serves (real HTTP).
# The docker and compose commands BlueGreen ran are recorded by wrappers first on PATH (bluegreen.psd1 says
# Command = @('docker-compose')) and printed at the end with the steps' times (Support/DockerWorldSupport.psm1). Skipped, with the reason, when this
# machine cannot run an engine, build the base image or run PostgreSQL (tests/docker/DockerTestSupport.psm1 says why).
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LocalWorldSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DockerWorldSupport.psm1') -Force
    Use-TestAwsEnvironment
    Start-StepClock

    function Invoke-Psql([string] $Sql) { Invoke-TestDatabaseQuery -PostgreSql $script:Setup.PostgreSql -Sql $Sql }

    function Get-Answer([string] $Path = '/') { Get-ListenerAnswer -SiteUrl "$($World.SiteUrl)" -Path $Path }

    function Get-SkipReason([string] $Otherwise) { if ($script:SkipReason) { $script:SkipReason } else { "an earlier step failed: $Otherwise" } }

    function Get-Answers([int] $Count = 12) { 1..$Count | ForEach-Object { Get-Answer '/' } }

    function Assert-World {
        # The running compose projects are exactly the machines BlueGreen reports (all running), and every answer of
        # the listener comes from one of -Serving, with -Release and -Color.
        param([Parameter(Mandatory)] [string[]] $Machines, [Parameter(Mandatory)] [string[]] $Serving, [Parameter(Mandatory)] [string] $Release, [Parameter(Mandatory)] [string] $Color)
        $reported = @(Get-BgMachine -ConfigPath $World.Config)
        @($reported.Name | Sort-Object) | Should -Be @($Machines | Sort-Object) -Because 'Get-BgMachine reports these machines'
        @($reported | Where-Object State -NE 'running') | Should -BeNullOrEmpty -Because 'every reported machine runs'
        $containers = @(Get-WorldComposeProject $World)
        @($containers.Project | Sort-Object -Unique) | Should -Be @($Machines | ForEach-Object ToLowerInvariant | Sort-Object) -Because 'each machine is one compose project, and no other project of the world is left'
        @($containers | Where-Object { -not $_.Up }) | Should -BeNullOrEmpty -Because 'every container of the world is up'
        @($containers | Group-Object Project | Where-Object Count -NE 1) | Should -BeNullOrEmpty -Because 'each project runs its one django container'
        $answers = @(Get-Answers)
        foreach ($answer in $answers) {
            $answer.Status | Should -Be 200 -Because $answer.Body
            $answer.Json.release | Should -Be $Release
            $answer.Json.color | Should -Be $Color
            $answer.Json.machine | Should -BeIn $Serving
        }
        @($answers.Json.machine | Sort-Object -Unique).Count | Should -Be @($Serving).Count -Because 'the listener spreads requests over every serving machine'
        $reported
    }

    $script:Setup = Measure-Step 'environment (packages, engine, base image, PostgreSQL)' { Initialize-DockerTestEnvironment }
    $script:SkipReason = $Setup.Reason
    if (-not $Setup.Ready) {
        Write-Warning "The Docker deployment tests are skipped: $SkipReason"
        return
    }

    # What BlueGreen runs (compose for the projects, docker exec for manage.py), recorded by wrappers first on PATH
    # (bluegreen.psd1 says Command = @('docker-compose')) and printed at the end.
    $script:CommandLog = Start-CommandRecorder docker-compose, docker

    $script:World = New-LocalWorld -Name docker -Runtime Compose -DatabaseUrl $Setup.PostgreSql.DatabaseUrl -ComposeCommand 'docker-compose'
}

AfterAll {
    if ($script:World) { Measure-Step 'teardown (every project down, sandbox stopped)' { Remove-LocalWorld $World } }
    Stop-CommandRecorder
    Complete-DockerTestEnvironment $script:Setup
    Write-StepTime 'Docker deployment steps'
}

Describe 'A blue-green deployment of compose projects on the local engine' -Tag Docker {
    It 'puts release 1 live on two compose projects (up --build -d) and migrates PostgreSQL by exec -T django' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $script:Blue = Measure-Step 'New-BgMachine -Count 2 -TargetGroup Live -Release 1' { @(New-BgMachine -ConfigPath $World.Config -Count 2 -TargetGroup Live -Release 1) }
        $Blue.Count | Should -Be 2
        foreach ($machine in $Blue) {
            $machine.Provider | Should -Be 'Local'
            $machine.Port | Should -BeGreaterThan 0
            $django = @(& docker ps -q --filter "label=com.docker.compose.project=$($machine.Name.ToLowerInvariant())" --filter 'label=com.docker.compose.service=django')
            $django.Count | Should -Be 1 -Because "$($machine.Name) is a compose project with one django container"
            & docker inspect --format '{{.HostConfig.NetworkMode}}' $django[0] | Should -Be 'host'
            # The container was told its machine's port and name by the shell compose ran in.
            & docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' $django[0] | Should -Contain "SHOP_PORT=$($machine.Port)"
            & docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' $django[0] | Should -Contain "BLUEGREEN_MACHINE=$($machine.Name)"
        }
        $migrate = Measure-Step 'Invoke-BgManage migrate (exec -T django)' { $Blue[0] | Invoke-BgManage -ConfigPath $World.Config migrate, --noinput }
        ($migrate -join "`n") | Should -Match 'Applying shop\.0001_initial\.\.\. OK'
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be '0001_initial'
        Invoke-Psql 'SELECT count(*) FROM shop_product' | Should -Be '3'
        # manage.py ran by docker exec on the project's django container (found by its compose labels), not through compose.
        @(Get-RecordedCommand docker | Where-Object { $_.ExitCode -eq 0 -and $_.Arguments -match '^exec -i [0-9a-f]{64} python manage\.py migrate --noinput$' }).Count | Should -Be 1
        @(Get-RecordedCommand docker-compose | Where-Object Arguments -Match ' exec ') | Should -BeNullOrEmpty
        @(Get-ChildItem $World.Data -Filter '*.sqlite3') | Should -BeNullOrEmpty -Because 'exec saw DATABASE_URL: nothing fell back to SQLite'
        Measure-Step 'release 1 healthy in blue' { Wait-GroupHealthy -World $World -TargetGroup bluegreen-demo-blue -Count 2 -TimeoutSeconds 120 | Out-Null }
        $reported = Assert-World -Machines $Blue.Name -Serving $Blue.Name -Release '1' -Color 'blue'
        @($reported | Where-Object Role -NE 'Live') | Should -BeNullOrEmpty
    }

    It 'deploys release 2 onto two new projects in green: its migration is compatible, so migrate while release 1 serves, then the switch, no window' {
        if ($SkipReason -or -not $script:Blue) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 1 did not go live'); return }
        Set-AppRelease $World '2'
        $script:First = Measure-Step 'Start-BgDeployment -Release 2' { Start-BgDeployment -ConfigPath $World.Config -Release 2 -Confirm:$false -ErrorAction Stop }
        $First.Status | Should -Be 'Succeeded'
        $First.MigrationsApplied | Should -Contain 'shop.0002_product_in_stock'
        # 0002 adds a nullable column: release 1 keeps working once it is applied (Maintenance Auto, docs/migrations.md).
        @($First.Steps.Name) | Should -Not -Contain 'MaintenanceOn'
        $First.MaintenanceDecision | Should -Match '^no window: every pending migration \(1\) is compatible'
        ($First.MigrationCompatibility -join "`n") | Should -Match 'shop.0002_product_in_stock: compatible'
        $script:Green = @($First.MachinesLaunched.Name)
        $Green.Count | Should -Be 2
        if (Test-Path (Join-Path $World.Data 'maintenance_mode_state.txt')) {
            (Get-Content -Raw (Join-Path $World.Data 'maintenance_mode_state.txt')).Trim() | Should -Be '0' -Because 'maintenance never came on'
        }
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be "0001_initial`n0002_product_in_stock"
        # Old and new projects both run (the old ones are kept until Complete-BgDeployment); green serves release 2.
        $reported = Assert-World -Machines ($Blue.Name + $Green) -Serving $Green -Release '2' -Color 'green'
        @($reported | Where-Object Name -In $Green | Where-Object Role -NE 'Live') | Should -BeNullOrEmpty
        (Get-Answers 3)[0].Json.in_stock | Should -Be 0 -Because 'release 2 reads its new column'
    }

    It 'Undo-BgDeployment reverts 0002 in PostgreSQL, sends traffic back to release 1 and takes the new projects down' {
        if ($SkipReason -or -not $script:Green) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 2 was not deployed'); return }
        $undo = Measure-Step 'Undo-BgDeployment' { Undo-BgDeployment -ConfigPath $World.Config -Confirm:$false -ErrorAction Stop }
        $undo.Status | Should -Be 'RolledBack'
        @($undo.MachinesRemoved.Name | Sort-Object) | Should -Be @($Green | Sort-Object)
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be '0001_initial'
        Invoke-Psql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'shop_product' AND column_name = 'in_stock'" | Should -Be '0'
        foreach ($name in $Green) {
            @(& docker ps -aq --filter "label=com.docker.compose.project=$($name.ToLowerInvariant())") | Should -BeNullOrEmpty -Because "$name's project is down"
            Test-Path (Join-Path $World.App ".bluegreen/local/machines/$name") | Should -BeFalse -Because "$name's snapshot is deleted after down"
        }
        Assert-World -Machines $Blue.Name -Serving $Blue.Name -Release '1' -Color 'blue' | Out-Null
    }

    It 'Start-BgDeployment -Release 2 again and Complete-BgDeployment -Force: compose down for the old machines, only green is left' {
        if ($SkipReason -or -not $script:Green) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 2 was not deployed'); return }
        $again = Measure-Step 'Start-BgDeployment -Release 2 (again)' { Start-BgDeployment -ConfigPath $World.Config -Release 2 -Confirm:$false -ErrorAction Stop }
        $again.Status | Should -Be 'Succeeded'
        $script:Green = @($again.MachinesLaunched.Name)
        $Green.Count | Should -Be 2
        @($Green | Where-Object { $_ -in $First.MachinesLaunched.Name }) | Should -BeNullOrEmpty -Because 'the undone machines were removed, these are new'
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be "0001_initial`n0002_product_in_stock"
        $downsBefore = @(Get-RecordedCommand docker-compose | Where-Object Arguments -Match '^-f production.yml -p \S+ down --remove-orphans --rmi local$').Count
        $complete = Measure-Step 'Complete-BgDeployment -Force' { Complete-BgDeployment -ConfigPath $World.Config -Force -Confirm:$false -ErrorAction Stop }
        @($complete.MachinesRemoved.Name | Sort-Object) | Should -Be @($Blue.Name | Sort-Object)
        $downs = @(Get-RecordedCommand docker-compose | Where-Object Arguments -Match '^-f production.yml -p \S+ down --remove-orphans --rmi local$' | Select-Object -Skip $downsBefore)
        foreach ($name in $Blue.Name) {
            @($downs | Where-Object { $_.ExitCode -eq 0 -and $_.Arguments -match "^-f production.yml -p $([regex]::Escape($name.ToLowerInvariant())) down" }).Count | Should -Be 1 -Because "compose down ran once, successfully, for $name"
            @(& docker ps -aq --filter "label=com.docker.compose.project=$($name.ToLowerInvariant())") | Should -BeNullOrEmpty -Because "$name's project is gone"
        }
        Assert-World -Machines $Green -Serving $Green -Release '2' -Color 'green' | Out-Null
        @(Get-WorldComposeProject $World).Count | Should -Be 2 -Because 'only the 2 green projects'' containers remain'
        # Any compose command reaches a machine's own project, in its snapshot, on this engine.
        $ps = @(Get-BgMachine -ConfigPath $World.Config -Name $Green[0] | Invoke-BgCompose -ConfigPath $World.Config ps -Confirm:$false) -join "`n"
        $ps | Should -Match "$([regex]::Escape($Green[0].ToLowerInvariant()))_django_1\s.*\sUp\b"
    }
}
