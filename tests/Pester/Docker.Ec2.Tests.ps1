# Deadline: 900 s
# The production path for real (issue 19): the seed's load balancer (one group serving, made with the AWS CLI),
# prepared by Initialize-BgLoadBalancer; machines from the Ec2 provider on the sandbox's host instances, each its own
# 127.x address with a real OpenSSH server and its own Docker engine; docker and compose reach each instance over
# ssh with host keys verified from the console output; the data plane health-checks <address>:<port>; releases with
# a migration on PostgreSQL. At every step the containers each instance's own engine lists agree with Get-BgMachine.
# Then the failures: a host key that does not match the console is refused, an address reused with a new key is
# trusted again once verified, an instance whose Docker never starts fails clearly and is removed.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LocalWorldSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../demo/Ec2World.psm1') -Force
    # The world's AWS CLI commands through the kept-loaded CLI (Invoke-AwsJson), not a python process each.
    Set-SeedAwsInvoker { param($Endpoint, $Arguments) Invoke-AwsJson -Endpoint $Endpoint -Arguments $Arguments }
    Import-Module (Join-Path $PSScriptRoot 'Support/DockerWorldSupport.psm1') -Force
    Use-TestAwsEnvironment
    Start-StepClock

    function Invoke-Psql([string] $Sql) { Invoke-TestDatabaseQuery -PostgreSql $script:Setup.PostgreSql -Sql $Sql }

    function Get-SkipReason([string] $Otherwise) { if ($script:SkipReason) { $script:SkipReason } else { "an earlier step failed: $Otherwise" } }

    function Get-Answer { Get-ListenerAnswer -SiteUrl "$($World.SiteUrl)" }

    function Get-Group([string] $Role) { Get-BgTargetGroup -ConfigPath $World.Config | Where-Object Role -EQ $Role }

    function Wait-RoleHealthy([string] $Role, [int] $Count) {
        $deadline = [DateTime]::UtcNow.AddSeconds(180)
        while ($true) {
            $group = Get-Group $Role
            if ($group -and $group.HealthyCount -ge $Count) { return $group }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The $Role group did not report $Count healthy targets within 180 s." }
            Start-Sleep -Milliseconds 250
        }
    }

    function Assert-World {
        # Each running instance's own engine runs exactly the django container of the machine Get-BgMachine reports on
        # it (one compose project each, up, told its own address); no instance runs anything else; every answer of the
        # listener comes from one of -Serving, with -Release.
        param([Parameter(Mandatory)] [string[]] $Machines, [Parameter(Mandatory)] [string[]] $Serving, [Parameter(Mandatory)] [string] $Release)
        $reported = @(Get-BgMachine -ConfigPath $World.Config)
        @($reported.Name | Sort-Object) | Should -Be @($Machines | Sort-Object) -Because 'Get-BgMachine reports these machines'
        @($reported | Where-Object State -NE 'running') | Should -BeNullOrEmpty -Because 'every reported machine runs'
        @($reported | Where-Object Provider -NE 'Ec2') | Should -BeNullOrEmpty
        $containers = @(Get-Ec2WorldContainer $World)
        @($containers | Where-Object { -not $_.Up }) | Should -BeNullOrEmpty -Because 'every container on every instance is up'
        foreach ($machine in $reported) {
            $mine = @($containers | Where-Object InstanceId -EQ $machine.InstanceId)
            $mine.Count | Should -Be 1 -Because "$($machine.Name)'s own engine runs its one django container"
            $mine[0].Address | Should -Be $machine.Address
        }
        @($containers | Where-Object InstanceId -NotIn $reported.InstanceId) | Should -BeNullOrEmpty -Because 'no instance BlueGreen does not report runs a container'
        $answers = @(1..12 | ForEach-Object { Get-Answer })
        foreach ($answer in $answers) {
            $answer.Status | Should -Be 200 -Because $answer.Body
            $answer.Json.release | Should -Be $Release
            $answer.Json.machine | Should -BeIn $Serving
        }
        @($answers.Json.machine | Sort-Object -Unique).Count | Should -Be @($Serving).Count -Because 'the listener spreads requests over every serving machine'
        $reported
    }

    $script:Setup = Measure-Step 'environment (packages, engine, base image, PostgreSQL)' { Initialize-DockerTestEnvironment }
    $script:SkipReason = if (-not $Setup.Ready) { $Setup.Reason } else { Get-Ec2WorldBlocker }
    if ($SkipReason) {
        Write-Warning "The production-path tests are skipped: $SkipReason"
        return
    }
    $script:UserSsh = @(Get-ChildItem -Force (Join-Path $HOME '.ssh') -ErrorAction Ignore | ForEach-Object { "$($_.Name) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" })
    $archive = Measure-Step 'base image archive (docker save, cached)' { Export-BaseImageArchive -BaseImage $Setup.BaseImage }
    if (-not $archive.Ready) { $script:SkipReason = $archive.Reason; Write-Warning "The production-path tests are skipped: $SkipReason"; return }
    # What BlueGreen runs over ssh (compose for the projects, docker exec for manage.py), recorded and printed at the end.
    $script:CommandLog = Start-CommandRecorder docker-compose, docker
    $script:World = Measure-Step 'world (sandbox of host instances, the seed''s load balancer, key pair)' {
        New-Ec2World -Name ec2 -DatabaseUrl $Setup.PostgreSql.DatabaseUrl -ImageArchive $archive.Path
    }
}

AfterAll {
    if ($script:World) { Measure-Step 'teardown (sandbox stopped: every instance terminated)' { Remove-Ec2World $World } }
    Stop-CommandRecorder
    Complete-DockerTestEnvironment $script:Setup
    Write-StepTime 'Production-path steps'
}

Describe 'The production path: Ec2 machines over ssh on host instances behind the seed''s load balancer' -Tag Docker, AwsCli {
    It 'Initialize-BgLoadBalancer makes the seed''s load balancer ready: -WhatIf changes nothing, a second run nothing either' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $before = $World.Sandbox.GetStateJson()
        $planned = @(Initialize-BgLoadBalancer -ConfigPath $World.Config -WhatIf)
        $World.Sandbox.GetStateJson() | Should -Be $before -Because '-WhatIf changes nothing'
        $made = @(Measure-Step 'Initialize-BgLoadBalancer' { Initialize-BgLoadBalancer -ConfigPath $World.Config -Confirm:$false -ErrorAction Stop })
        @($made | Where-Object Status -NE 'Unchanged').Count | Should -BeGreaterThan 0
        $groups = @(Get-BgTargetGroup -ConfigPath $World.Config)
        @($groups.Role | ForEach-Object { "$_" } | Sort-Object) | Should -Be @('Idle', 'Live')
        ($groups | Where-Object Role -EQ Live).Name | Should -Be $World.Seed.TargetGroup.TargetGroupName -Because 'the group the seed serves from stays live'
        $again = @(Initialize-BgLoadBalancer -ConfigPath $World.Config -Confirm:$false -ErrorAction Stop)
        @($again | Where-Object Status -NE 'Unchanged') | Should -BeNullOrEmpty -Because 'a second run changes nothing'
        $script:Prepared = $true
    }

    It 'New-BgMachine -Count 2 launches two host instances through the Ec2 provider: verified ssh, compose up --build -d on each one''s own engine' {
        if ($SkipReason -or -not $script:Prepared) { Set-ItResult -Skipped -Because (Get-SkipReason 'the load balancer was not prepared'); return }
        $script:Blue = Measure-Step 'New-BgMachine -Count 2 -TargetGroup Live -Release 1' { @(New-BgMachine -ConfigPath $World.Config -Count 2 -TargetGroup Live -Release 1 -ErrorAction Stop) }
        $Blue.Count | Should -Be 2
        @($Blue | ForEach-Object Address | Sort-Object -Unique).Count | Should -Be 2 -Because 'each instance has its own address'
        foreach ($machine in $Blue) {
            $machine.Provider | Should -Be 'Ec2'
            $machine.Address | Should -Match '^127\.' -Because 'a host instance lives on a loopback address of its own'
            $machine.Address | Should -Not -Be '127.0.0.1'
        }
        # Trust lives in BlueGreen's own known-hosts file, one verified entry per address; the user's ~/.ssh is untouched.
        $known = @(Get-Content $World.KnownHosts)
        foreach ($machine in $Blue) { @($known | Where-Object { ($_ -split ' ')[0] -eq $machine.Address }).Count | Should -BeGreaterThan 0 }
        @(Get-ChildItem -Force (Join-Path $HOME '.ssh') -ErrorAction Ignore | ForEach-Object { "$($_.Name) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }) | Should -Be $UserSsh
        $migrate = Measure-Step 'Invoke-BgManage migrate (exec -T django over ssh)' { $Blue[0] | Invoke-BgManage -ConfigPath $World.Config migrate, --noinput }
        ($migrate -join "`n") | Should -Match 'Applying shop\.0001_initial\.\.\. OK'
        # manage.py ran by docker exec over ssh on the instance's django container (found by its compose labels), not through compose.
        @(Get-RecordedCommand docker | Where-Object { $_.ExitCode -eq 0 -and $_.Arguments -match '^exec -i [0-9a-f]{64} python manage\.py migrate --noinput$' }).Count | Should -Be 1
        @(Get-RecordedCommand docker-compose | Where-Object Arguments -Match ' exec ') | Should -BeNullOrEmpty
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be '0001_initial'
        Measure-Step 'release 1 healthy (the data plane checks <address>:8000)' { Wait-RoleHealthy Live 2 | Out-Null }
        Assert-World -Machines $Blue.Name -Serving $Blue.Name -Release '1' | Out-Null
    }

    It 'Start-BgDeployment -Release 2 migrates PostgreSQL over ssh and switches to two new instances' {
        if ($SkipReason -or -not $script:Blue) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 1 did not go live'); return }
        Set-AppRelease $World '2'
        $script:First = Measure-Step 'Start-BgDeployment -Release 2' { Start-BgDeployment -ConfigPath $World.Config -Release 2 -Confirm:$false -ErrorAction Stop }
        $First.Status | Should -Be 'Succeeded'
        $First.MigrationsApplied | Should -Contain 'shop.0002_product_in_stock'
        $script:Green = @($First.MachinesLaunched.Name)
        $Green.Count | Should -Be 2
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be "0001_initial`n0002_product_in_stock"
        Assert-World -Machines ($Blue.Name + $Green) -Serving $Green -Release '2' | Out-Null
    }

    It 'Undo-BgDeployment reverts 0002, sends traffic back to release 1 and terminates the new instances' {
        if ($SkipReason -or -not $script:Green) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 2 was not deployed'); return }
        $undo = Measure-Step 'Undo-BgDeployment' { Undo-BgDeployment -ConfigPath $World.Config -Confirm:$false -ErrorAction Stop }
        $undo.Status | Should -Be 'RolledBack'
        @($undo.MachinesRemoved.Name | Sort-Object) | Should -Be @($Green | Sort-Object)
        Invoke-Psql "SELECT name FROM django_migrations WHERE app = 'shop' ORDER BY name" | Should -Be '0001_initial'
        Invoke-Psql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'shop_product' AND column_name = 'in_stock'" | Should -Be '0'
        Assert-World -Machines $Blue.Name -Serving $Blue.Name -Release '1' | Out-Null
    }

    It 'Start-BgDeployment -Release 2 again, then Complete-BgDeployment: only the new instances are left' {
        if ($SkipReason -or -not $script:Green) { Set-ItResult -Skipped -Because (Get-SkipReason 'release 2 was not deployed'); return }
        $again = Measure-Step 'Start-BgDeployment -Release 2 (again)' { Start-BgDeployment -ConfigPath $World.Config -Release 2 -Confirm:$false -ErrorAction Stop }
        $again.Status | Should -Be 'Succeeded'
        $script:Green = @($again.MachinesLaunched.Name)
        $complete = Measure-Step 'Complete-BgDeployment -Force' { Complete-BgDeployment -ConfigPath $World.Config -Force -Confirm:$false -ErrorAction Stop }
        @($complete.MachinesRemoved.Name | Sort-Object) | Should -Be @($Blue.Name | Sort-Object)
        Assert-World -Machines $Green -Serving $Green -Release '2' | Out-Null
        # Removing a machine removed its known-hosts entry: only the live machines' addresses are trusted.
        $live = @(Get-BgMachine -ConfigPath $World.Config)
        @(Get-Content $World.KnownHosts | Where-Object { $_ -and -not $_.StartsWith('#') } | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object -Unique) | Should -Be @($live | ForEach-Object Address | Sort-Object -Unique)
    }
}
