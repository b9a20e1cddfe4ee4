# The Local machine provider against the sandbox: machines are real gunicorn processes on 127.0.0.1 serving snapshots
# of a real Django site (tests/django/localweb), recorded as instances of the sandbox's EC2 and registered in its
# target groups with their ports; read back with the official AWS CLI, HTTP and the process table.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/DeploymentTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../demo/LocalMachines.psm1') -Force
    Use-TestAwsEnvironment
    # Local machines are health-checked for real: every 1 s here (the seeded groups check every 5 s).
    $script:Sandbox = Start-BgSandbox -Seed -DeregistrationDelay ([TimeSpan]::FromMilliseconds(200)) -HealthCheckTimeScale 0.2
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-local-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $script:App = Join-Path $Work 'app'
    $script:State = Join-Path $Work 'state'
    $script:Database = Join-Path $Work 'shared.sqlite3'
    New-Item -ItemType Directory -Path $Work | Out-Null
    Copy-Item -Recurse (Join-Path $PSScriptRoot '../django/localweb') $App
    Set-Content -Path (Join-Path $App 'release.txt') -Value 'one'
    $script:Config = Join-Path $Work 'bluegreen.psd1'
    @"
@{
    Project      = 'demo'
    LoadBalancer = 'bluegreen-demo'
    Machines     = @{
        Prefix   = 'demo-'
        Provider = 'Local'
        Local    = @{
            AppDirectory        = '$App'
            WsgiModule          = 'localweb.wsgi'
            StateDirectory      = 'state'
            ReadyTimeoutSeconds = 30
            Environment         = @{
                DJANGO_SETTINGS_MODULE  = 'localweb.settings'
                BLUEGREEN_TEST_DATABASE = '$Database'
            }
        }
    }
}
"@ | Set-Content -Path $Config

    function Get-Record([string] $Name) {
        # What the launch recorded for the machine (pid, process group, port, snapshot).
        Get-Content -Raw (Join-Path $State "machines/$Name/machine.json") | ConvertFrom-Json
    }

    function Get-GroupProcess([int] $ProcessGroup) {
        # Live (not zombie) processes of a process group, from ps.
        @(& ps -eo 'pid=,pgid=,stat=' | ForEach-Object {
            $f = -split $_
            if ([int] $f[1] -eq $ProcessGroup -and $f[2] -notlike 'Z*') { [int] $f[0] }
        })
    }

    function Get-Page([int] $Port) {
        (Invoke-WebRequest -Uri "http://127.0.0.1:$Port/" -TimeoutSec 10).Content.Trim()
    }

    function Get-Instance([string] $Id) {
        (Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --instance-ids $Id).Reservations[0].Instances[0]
    }

    function Get-TargetHealth([string] $GroupName) {
        $tg = (Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-groups --names $GroupName).TargetGroups[0]
        @((Invoke-AwsJson $Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $tg.TargetGroupArn).TargetHealthDescriptions)
    }
}

AfterAll {
    # Whatever a failed test left running: stop it by the recorded process group.
    if ($script:State) { $null = Stop-LocalMachineProcess -StateDirectory $State -Signal KILL }
    Stop-BgSandbox
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
}

Describe 'Local machines' -Tag Gunicorn, Django, AwsCli {
    It 'launches two in parallel, each serving its own snapshot on its own 127.0.0.1 port, as sandbox instances registered with their ports' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $script:Pair = @(New-BgMachine -ConfigPath $Config -Count 2 -TargetGroup Idle -Release r1)
        $clock.Stop()
        Write-Host "Two Local machines launched in parallel in $([math]::Round($clock.Elapsed.TotalSeconds, 2)) s."

        $Pair.Count | Should -Be 2
        ($Pair.Provider | Select-Object -Unique) | Should -Be 'Local'
        ($Pair | ForEach-Object Address | Select-Object -Unique) | Should -Be '127.0.0.1'
        ($Pair.Port | Select-Object -Unique).Count | Should -Be 2
        ($Pair.TargetGroup | Select-Object -Unique) | Should -Be 'bluegreen-demo-green'
        foreach ($machine in $Pair) {
            $machine.State | Should -Be 'running'
            Get-Page $machine.Port | Should -Match "^release=one machine=$($machine.Name) pid=\d+$"
            $record = Get-Record $machine.Name
            $record.Port | Should -Be $machine.Port
            $record.InstanceId | Should -Be $machine.InstanceId
            # gunicorn's master and 2 workers, in a group of their own (not this session's).
            (Get-GroupProcess $record.ProcessGroup).Count | Should -Be 3
            $record.ProcessGroup | Should -Not -Be (& ps -o 'pgid=' -p $PID).Trim()
            Test-Path (Join-Path $record.AppDirectory 'manage.py') | Should -BeTrue
            Test-Path (Join-Path $record.AppDirectory 'shared.sqlite3') | Should -BeFalse

            $instance = Get-Instance $machine.InstanceId
            $instance.State.Name | Should -Be 'running'
            $instance.PrivateIpAddress | Should -Be '127.0.0.1'
            $instance.PSObject.Properties.Name | Should -Not -Contain 'PublicIpAddress'
            ($instance.Tags | Where-Object Key -EQ 'bluegreen:project').Value | Should -Be 'demo'
            ($instance.Tags | Where-Object Key -EQ 'bluegreen:release').Value | Should -Be 'r1'
            ($instance.Tags | Where-Object Key -EQ 'bluegreen:port').Value | Should -Be "$($machine.Port)"
        }

        $targets = Get-TargetHealth bluegreen-demo-green
        ($targets.Target | Sort-Object Id | ForEach-Object { "$($_.Id):$($_.Port)" }) |
            Should -Be ($Pair | Sort-Object InstanceId | ForEach-Object { "$($_.InstanceId):$($_.Port)" })

        $listed = @(Get-BgMachine -ConfigPath $Config | Where-Object Name -In $Pair.Name)
        $listed.Count | Should -Be 2
        ($listed.Role | Select-Object -Unique) | Should -Be 'Idle'
        ($listed | Sort-Object Name).Port | Should -Be ($Pair | Sort-Object Name).Port
    }

    It 'serves what was on disk at launch: a later launch gets the new code, the earlier ones keep theirs' {
        Set-Content -Path (Join-Path $App 'release.txt') -Value 'two'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $script:Newer = New-BgMachine -ConfigPath $Config -TargetGroup None -Release r2
        $clock.Stop()
        Write-Host "One Local machine launched in $([math]::Round($clock.Elapsed.TotalSeconds, 2)) s."

        $Newer.Role | Should -Be 'Orphan'
        Get-Page $Newer.Port | Should -Match "^release=two machine=$($Newer.Name) "
        foreach ($machine in $Pair) {
            Get-Page $machine.Port | Should -Match "^release=one machine=$($machine.Name) "
        }
    }

    It 'runs manage.py in the machine''s snapshot against the one shared database' {
        # A migration added on disk after the launch is not in the machines' snapshots.
        Copy-Item (Join-Path $App 'pages/migrations/0001_initial.py') (Join-Path $App 'pages/migrations/0002_later.py')
        Set-Content -Path (Join-Path $App 'pages/migrations/0002_later.py') -Value @'
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('pages', '0001_initial')]
    operations = []
'@
        $first = $Pair[0]
        $output = Invoke-BgManage -ConfigPath $Config -Name $first.Name -Arguments 'migrate', '--noinput'
        ($output -join "`n") | Should -Match 'Applying pages.0001_initial\.\.\. OK'
        Test-Path $Database | Should -BeTrue

        # The other machine shares the database: nothing left to apply there, and it never heard of 0002.
        $shown = Invoke-BgManage -ConfigPath $Config -Name $Pair[1].Name -Arguments 'showmigrations', 'pages'
        ($shown -join "`n") | Should -Match '\[X\] 0001_initial'
        ($shown -join "`n") | Should -Not -Match '0002_later'
        Get-ChildItem -Recurse -Path (Join-Path $State 'machines') -Filter '*.sqlite3' | Should -BeNullOrEmpty
    }

    It 'shows a machine whose gunicorn died as exited' {
        $record = Get-Record $Newer.Name
        & kill -KILL -- "-$($record.ProcessGroup)"
        Wait-Until { (Get-GroupProcess $record.ProcessGroup).Count -eq 0 } -TimeoutSeconds 10 -Because 'the killed gunicorn to be gone'

        $listed = Get-BgMachine -ConfigPath $Config -Name $Newer.Name
        $listed.State | Should -Be 'exited'
        (Get-Instance $Newer.InstanceId).State.Name | Should -Be 'running'
    }

    It 'Remove-BgMachine, from another pwsh session, stops every process of the machine, terminates its instance and deletes the snapshot' {
        $machine = $Pair[0]
        $record = Get-Record $machine.Name
        $pwsh = Get-PwshCommand
        $script = "Import-Module '$env:BLUEGREEN_MODULE'; Remove-BgMachine -ConfigPath '$Config' -Name $($machine.Name), $($Newer.Name) -Force -Confirm:`$false -ErrorAction Stop"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $text = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1
        $clock.Stop()
        Write-Host "Removing two Local machines (one registered, drained) took $([math]::Round($clock.Elapsed.TotalSeconds, 2)) s in a fresh pwsh."
        $LASTEXITCODE | Should -Be 0 -Because ($text | Out-String)

        Get-GroupProcess $record.ProcessGroup | Should -BeNullOrEmpty
        (Get-Instance $machine.InstanceId).State.Name | Should -BeIn 'shutting-down', 'terminated'
        (Get-Instance $Newer.InstanceId).State.Name | Should -BeIn 'shutting-down', 'terminated'
        Test-Path $record.AppDirectory | Should -BeFalse
        Test-Path (Join-Path $State "logs/$($machine.Name).log") | Should -BeTrue
        (Get-TargetHealth bluegreen-demo-green).Target.Id | Should -Not -Contain $machine.InstanceId
        { Invoke-WebRequest -Uri "http://127.0.0.1:$($machine.Port)/" -TimeoutSec 5 } | Should -Throw
        # The other machine of the pair still serves.
        Get-Page $Pair[1].Port | Should -Match '^release=one '
        $other = Get-Record $Pair[1].Name
        Remove-BgMachine -ConfigPath $Config -Name $Pair[1].Name -Force -Confirm:$false
        Get-GroupProcess $other.ProcessGroup | Should -BeNullOrEmpty
    }

    It 'reports a gunicorn that cannot serve with the last lines of its log, and leaves no process, snapshot or instance' {
        $bad = Join-Path $Work 'bad.psd1'
        # A long ReadyTimeoutSeconds: on a loaded machine a worker may take many seconds to fail, and the test is
        # about how the failure is seen (the process's end), which the message tells, not about the clock.
        (Get-Content -Raw $Config) -replace "WsgiModule\s*=\s*'localweb.wsgi'", "WsgiModule = 'localweb.missing'" -replace 'ReadyTimeoutSeconds\s*=\s*30', 'ReadyTimeoutSeconds = 240' |
            Set-Content $bad
        $gunicorns = @(& pgrep -f 'gunicorn.*localweb.missing').Count
        $gunicorns | Should -Be 0

        $failure = $null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try { New-BgMachine -ConfigPath $bad -TargetGroup None -ErrorAction Stop } catch { $failure = $_ }
        $clock.Stop()

        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'NewBgMachineLocalMachineDidNotStart*'
        "$failure" | Should -Match "No module named 'localweb.missing'"
        "$failure" | Should -Match 'Last lines of .*\.log'
        "$failure" | Should -Match '(exited|stopped) before it answered' -Because 'a gunicorn that stops is seen when it stops'
        "$failure" | Should -Not -Match 'did not answer HTTP'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 200 -Because "a gunicorn that stops is seen at once, not after ReadyTimeoutSeconds (240); it took $([int] $clock.Elapsed.TotalSeconds) s"
        @(& pgrep -f 'gunicorn.*localweb.missing').Count | Should -Be 0
        # Every earlier machine was removed above: the failed launch left no directory either.
        Get-ChildItem (Join-Path $State 'machines') | Should -BeNullOrEmpty
        $live = @((Invoke-AwsJson $Sandbox.Endpoint ec2 describe-instances --filters 'Name=tag:bluegreen:project,Values=demo' 'Name=instance-state-name,Values=pending,running').Reservations.Instances)
        @($live | Where-Object PrivateIpAddress -EQ '127.0.0.1') | Should -BeNullOrEmpty
    }

    It 'refuses an EC2 endpoint that is not a loopback sandbox, and starts nothing' {
        $before = @(Get-ChildItem (Join-Path $State 'machines') -ErrorAction SilentlyContinue).Count
        $gunicorns = @(& pgrep -f 'gunicorn.*localweb.wsgi').Count

        $failure = $null
        try { New-BgMachine -ConfigPath $Config -TargetGroup None -EndpointUrl 'https://ec2.eu-west-1.amazonaws.com' -ErrorAction Stop }
        catch { $failure = $_ }

        $failure | Should -Not -BeNullOrEmpty
        "$failure" | Should -Match 'real instances in a real account'
        $failure.FullyQualifiedErrorId | Should -BeLike '*LocalProviderNeedsSandbox*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        @(Get-ChildItem (Join-Path $State 'machines') -ErrorAction SilentlyContinue).Count | Should -Be $before
        @(& pgrep -f 'gunicorn.*localweb.wsgi').Count | Should -Be $gunicorns
    }

    It 'Start-BgDeployment releases onto Local machines: launched into the idle group, migrated from the new snapshot, switched' {
        # The app on disk now has 0002_later (added above); the shared database is at 0001_initial.
        $smoke = Start-TestHttpServer -Status @{ '/' = 200 }
        try {
            $deploy = Join-Path $Work 'deploy.psd1'
            $text = (Get-Content -Raw $Config).TrimEnd()
            $text = $text.Substring(0, $text.Length - 1) + @"
    HealthTimeoutSeconds = 30
    Maintenance = @{ Mode = 'LoadBalancer' }
    Smoke = @{ Paths = @('/'); BaseUrl = '$($smoke.BaseUrl)'; Attempts = 2; DelaySeconds = 0; TimeoutSeconds = 5 }
    Deployment = @{ BakeTimeSeconds = 1; CheckIntervalSeconds = 1; DrainTimeoutSeconds = 30 }
}
"@
            Set-Content -Path $deploy -Value $text
            Set-Content -Path (Join-Path $App 'release.txt') -Value 'three'

            $deployment = Start-BgDeployment -ConfigPath $deploy -Release r3 -Count 1 -Confirm:$false -ErrorAction Stop

            $deployment.Status | Should -Be 'Succeeded'
            $deployment.MigrationsApplied | Should -Be @('pages.0002_later')
            $new = Get-BgMachine -ConfigPath $deploy -Name $deployment.MachinesLaunched[0].Name
            $new.Provider | Should -Be 'Local'
            $new.Role | Should -Be 'Live'
            $new.Color | Should -Be 'green'
            Get-Page $new.Port | Should -Match '^release=three '
            ((Get-TargetHealth bluegreen-demo-green).Target | ForEach-Object { "$($_.Id):$($_.Port)" }) | Should -Be "$($new.InstanceId):$($new.Port)"
            $applied = & /usr/bin/python3 -c "import sqlite3,sys;print(','.join(n for (n,) in sqlite3.connect(sys.argv[1]).execute(""select name from django_migrations where app='pages' order by id"")))" $Database
            $applied | Should -Be '0001_initial,0002_later'
        }
        finally {
            Stop-TestHttpServer $smoke
        }
    }

    It 'the migration cmdlets read and undo a Local release through its snapshot' {
        # The release just deployed (0001, 0002) is live; the next one (with 0003) goes into the idle group.
        Set-Content -Path (Join-Path $App 'pages/migrations/0003_more.py') -Value @'
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('pages', '0002_later')]
    operations = []
'@
        $live = @(Get-BgMachine -ConfigPath $Config -Role Live | Where-Object Provider -EQ 'Local')[0]
        $idle = New-BgMachine -ConfigPath $Config -TargetGroup Idle -Release r4
        Invoke-BgManage -ConfigPath $Config -Name $idle.Name -Arguments 'migrate', '--noinput' | Out-Null

        $diff = @(Get-BgMigrationDiff -ConfigPath $Config -OldMachine $live.Name -NewMachine $idle.Name)
        $diff | ForEach-Object { "$($_.App).$($_.Name)" } | Should -Be 'pages.0003_more'
        $diff[0].NewManageCommand | Should -Be @('/usr/bin/python3', 'manage.py')
        $diff[0].NewWorkingDirectory | Should -Be (Get-Record $idle.Name).AppDirectory
        $diff[0].RevertTarget | Should -Be '0002_later'

        $diff | Undo-BgMigration -Confirm:$false | Out-Null
        $applied = & /usr/bin/python3 -c "import sqlite3,sys;print(','.join(n for (n,) in sqlite3.connect(sys.argv[1]).execute(""select name from django_migrations where app='pages' order by id"")))" $Database
        $applied | Should -Be '0001_initial,0002_later'
    }

    It 'New-BgConfiguration -Provider Local writes a project file whose Local section reads back' {
        $path = Join-Path $Work 'new/bluegreen.psd1'
        New-Item -ItemType Directory -Path (Split-Path $path) | Out-Null
        $config = New-BgConfiguration demo bluegreen-demo -Provider Local -Path $path
        $config.Machines.Provider | Should -Be 'Local'
        $config.Machines.Local.StateDirectory | Should -Be (Join-Path (Split-Path $path) '.bluegreen/local')
        (Get-Content -Raw $path) | Should -Match "Provider\s+=\s+'Local'"
        (Get-Content -Raw $path) | Should -Match 'Local = @\{'
    }
}
