# Helpers of the deployment cmdlets' tests (Start-, Resume-, Undo-, Complete-BgDeployment) against the sandbox, the
# fake docker of tests/fakes and, where tagged Django, the real Django releases of tests/django sharing one SQLite
# database. One "world" per test file: New-DeploymentWorld in BeforeAll, Reset-DeploymentWorld in BeforeEach.

$script:Root = Resolve-Path (Join-Path $PSScriptRoot '../../..')
. (Join-Path $script:Root 'tests/fakes/MachineTestProject.ps1')

function New-DeploymentWorld {
    # Starts the sandbox (seeded: bluegreen-demo, blue live with 2 healthy machines, green idle with a preview rule)
    # and a test HTTP server standing in for the preview route, and writes a project file. Returns the world.
    param(
        [Parameter(Mandatory)] [string] $Name,
        [ValidateSet('LoadBalancer', 'Django')] [string] $MaintenanceMode = 'LoadBalancer',
        [switch] $Django,
        [hashtable] $Deployment = @{},
        [int] $HealthTimeoutSeconds = 30,
        [int] $MaxParallelLaunches = 4
    )
    $work = Join-Path ([IO.Path]::GetTempPath()) ("bg-$Name-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $sandbox = Start-BgSandbox -Seed
    $http = Start-TestHttpServer -Status @{ '/' = 200; '/healthz/' = 200 }
    $config = New-MachineTestProject -Directory (Join-Path $work 'project') -SubnetId $sandbox.SubnetIds[0] -SecurityGroupId $sandbox.SecurityGroupId `
        -MaxParallelLaunches $MaxParallelLaunches
    $settings = @{ BakeTimeSeconds = 2; CheckIntervalSeconds = 1; DrainTimeoutSeconds = 30 } + $Deployment
    $deploymentText = ($settings.GetEnumerator() | Sort-Object Key | ForEach-Object {
            $value = if ($_.Value -is [bool]) { if ($_.Value) { '$true' } else { '$false' } } elseif ($_.Value -is [string]) { "'$($_.Value)'" } else { $_.Value }
            "        $($_.Key) = $value"
        }) -join "`n"
    $extra = @"
    HealthTimeoutSeconds = $HealthTimeoutSeconds
    Maintenance = @{ Mode = '$MaintenanceMode' }
    Smoke = @{ Paths = @('/', '/healthz/'); BaseUrl = '$($http.BaseUrl)'; Attempts = 2; DelaySeconds = 0; TimeoutSeconds = 5 }
    Deployment = @{
$deploymentText
    }
}
"@
    $text = (Get-Content $config -Raw).TrimEnd()
    $text = $text.Substring(0, $text.Length - 1) + $extra
    Set-Content -Path $config -Value $text
    $world = [pscustomobject]@{
        Name     = $Name
        Work     = $work
        Sandbox  = $sandbox
        Http     = $http
        Config   = $config
        Django   = [bool] $Django
        Mode     = $MaintenanceMode
        Template = $null
    }
    if ($Django) {
        # The old release's schema, made once and copied for every test.
        $world.Template = Join-Path $work 'release1.sqlite3'
        $env:BLUEGREEN_TEST_DATABASE = $world.Template
        & /usr/bin/python3 (Join-Path $script:Root 'tests/django/release1/manage.py') migrate --noinput | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'migrating the template database to release1 failed' }
    }
    $world
}

function Remove-DeploymentWorld {
    param([Parameter(Mandatory)] $World)
    Stop-TestHttpServer $World.Http
    Stop-BgSandbox
    if (Test-Path $World.Work) { Remove-Item $World.Work -Recurse -Force -ErrorAction SilentlyContinue }
}

function Reset-DeploymentWorld {
    # A fresh seeded world (load balancer, machines, SSM), no faults, fresh fakes; the old machines run release1 and
    # every new machine release2 (Django worlds), all sharing a fresh copy of the release1 database.
    param([Parameter(Mandatory)] $World)
    $World.Sandbox.Reset()
    $World.Sandbox.ClearFaults()
    $World.Sandbox.ClearRequests()
    $World.Http.SetStatus('/', 200)
    $World.Http.SetStatus('/healthz/', 200)
    Reset-FakeState (Join-Path $World.Work 'fake')
    $env:AWS_MAX_ATTEMPTS = '3'
    if ($World.Django) {
        $database = Join-Path $World.Work 'db.sqlite3'
        Copy-Item $World.Template $database -Force
        $env:BLUEGREEN_TEST_DATABASE = $database
        $env:BLUEGREEN_TEST_MAINTENANCE_FILE = Join-Path $World.Work 'maintenance_state.txt'
        Set-Content -Path $env:BLUEGREEN_TEST_MAINTENANCE_FILE -Value '0' -NoNewline
        $env:DJANGO_SETTINGS_MODULE = 'project.settings_maintenance'
        $releases = @{ '*' = (Join-Path $script:Root 'tests/django/release2') }
        foreach ($machine in Get-BgMachine -ConfigPath $World.Config -Role Live) {
            $releases["ssh://ubuntu@$($machine.Address)"] = Join-Path $script:Root 'tests/django/release1'
        }
        $env:BLUEGREEN_FAKE_RELEASES = $releases | ConvertTo-Json -Compress
    }
    else {
        $env:BLUEGREEN_FAKE_EXEC_STDOUT = 'Planned operations:\n  No planned migration operations.'
    }
}

function Get-DeploymentTraffic {
    # The project's two groups as Get-BgTargetGroup shows them, keyed by color.
    param([Parameter(Mandatory)] $World)
    $groups = @{}
    foreach ($group in Get-BgTargetGroup -ConfigPath $World.Config) { $groups[$group.Color] = $group }
    $groups
}

function Get-MaintenanceRule {
    # Fixed-response rules on the load balancer (LoadBalancer maintenance mode puts one per forwarding listener).
    param([Parameter(Mandatory)] $World)
    $state = $World.Sandbox.GetStateJson() | ConvertFrom-Json -Depth 64
    @($state.listeners.rules | Where-Object { $_.actions.type -contains 'fixed-response' })
}

function Test-MaintenanceOn {
    param([Parameter(Mandatory)] $World)
    if ($World.Mode -eq 'Django') {
        (Test-Path $env:BLUEGREEN_TEST_MAINTENANCE_FILE) -and ((Get-Content $env:BLUEGREEN_TEST_MAINTENANCE_FILE -Raw).Trim() -eq '1')
    }
    else {
        @(Get-MaintenanceRule $World).Count -gt 0
    }
}

function Get-LatestDeployment {
    param([Parameter(Mandatory)] $World)
    Get-BgDeployment -ConfigPath $World.Config -First 1
}

function Assert-DeploymentSafe {
    # What every fault must leave: every listener forwards to one group, all of whose targets are healthy; maintenance
    # off; no orphan machine, and every machine outside the live group named by the deployment's journal; the lock held
    # (or not) and the status as expected. Returns the deployment record.
    param(
        [Parameter(Mandatory)] $World,
        [ValidateSet('blue', 'green')] [string] $Serving = 'blue',
        [string] $Status,
        [Nullable[bool]] $LockHeld,
        [switch] $AllowMaintenance
    )
    $groups = Get-DeploymentTraffic $World
    $live = $groups[$Serving]
    $live.Role | Should -Be 'Live' -Because "the $Serving group must serve every route"
    $live.Weight | Should -Be 100
    $live.TargetCount | Should -BeGreaterThan 0
    $live.HealthyCount | Should -Be $live.TargetCount -Because 'every live target must be healthy'
    if (-not $AllowMaintenance) { Test-MaintenanceOn $World | Should -BeFalse -Because 'maintenance must be off' }

    $record = Get-LatestDeployment $World
    $machines = @(Get-BgMachine -ConfigPath $World.Config)
    @($machines | Where-Object Role -EQ 'Orphan').Name | Should -BeNullOrEmpty -Because 'no machine may be orphaned'
    if ($record) {
        $named = @($record.MachinesLaunched.Name) + @($record.MachinesKept.Name) + @(($record.Facts['names'] + ',' + $record.Facts['old']) -split ',' | Where-Object { $_ })
        foreach ($machine in $machines | Where-Object Role -NE 'Live') {
            $named | Should -Contain $machine.Name -Because "idle machine $($machine.Name) must be the deployment's (kept for rollback or launched by it)"
        }
        if ($Status) { $record.Status | Should -Be $Status }
    }
    if ($null -ne $LockHeld) {
        $lock = Get-BgDeploymentLock -ConfigPath $World.Config
        if ($LockHeld) {
            $lock | Should -Not -BeNullOrEmpty -Because 'a failed deployment keeps the lock'
            $lock.DeploymentId | Should -Be $record.Id
        }
        else { $lock | Should -BeNullOrEmpty -Because 'the lock must be released' }
    }
    $record
}

function Assert-Released {
    # The end of a successful deployment: green live with the new machines, blue kept, status Succeeded, no lock.
    param([Parameter(Mandatory)] $World, [int] $Count = 2)
    $record = Assert-DeploymentSafe -World $World -Serving green -Status Succeeded -LockHeld $false
    $groups = Get-DeploymentTraffic $World
    $groups['green'].TargetCount | Should -Be $Count
    @($record.MachinesKept).Count | Should -Be $groups['blue'].TargetCount
    $record
}

function Assert-TakenBack {
    # The end of an undo: blue live, the new machines gone, status RolledBack, no lock.
    param([Parameter(Mandatory)] $World)
    $record = Assert-DeploymentSafe -World $World -Serving blue -Status RolledBack -LockHeld $false
    (Get-DeploymentTraffic $World)['green'].TargetCount | Should -Be 0 -Because 'the new machines are removed'
    $record
}

function Wait-DeploymentStep {
    # Polls the journal until the latest deployment has step -Name recorded with -Outcome (default Started).
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Name, [string] $Outcome = 'Started', [int] $TimeoutSeconds = 60, $Job)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $record = Get-LatestDeployment $World
        if ($record -and ($record.Steps | Where-Object { $_.Name -eq $Name -and "$($_.Outcome)" -eq $Outcome })) { return $record }
        if ($Job -and $Job.IsCompleted) { throw "The deployment ended before step $Name was $Outcome; last step: $($record.LastStep)" }
        Start-Sleep -Milliseconds 100
    }
    throw "Step $Name was not $Outcome within $TimeoutSeconds s; last step: $((Get-LatestDeployment $World).LastStep)"
}

function Get-PwshCommand {
    # This PowerShell as a command line: run as 'dotnet pwsh' (the local tool) the process is dotnet and pwsh.dll its argument.
    $pwsh = @([Environment]::ProcessPath)
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
    , $pwsh
}

Export-ModuleMember -Function Get-PwshCommand, New-DeploymentWorld, Remove-DeploymentWorld, Reset-DeploymentWorld, Get-DeploymentTraffic, Get-MaintenanceRule, Test-MaintenanceOn,
    Get-LatestDeployment, Assert-DeploymentSafe, Assert-Released, Assert-TakenBack, Wait-DeploymentStep, Reset-FakeState, Get-FakeCall, New-MachineTestProject
