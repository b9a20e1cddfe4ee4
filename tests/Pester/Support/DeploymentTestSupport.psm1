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
    $settings = @{ BakeTimeSeconds = 2; CheckIntervalSeconds = 1; DrainTimeoutSeconds = 30 }
    foreach ($key in $Deployment.Keys) { $settings[$key] = $Deployment[$key] }
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
    # The seeded old machines run the application (compose up), as a real live group does.
    Get-BgMachine -ConfigPath $World.Config -Role Live | Invoke-BgCompose -ConfigPath $World.Config -Arguments up, -d | Out-Null
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

function Start-DeploymentProcess {
    # Runs -Command (PowerShell text, after Import-Module of $env:BLUEGREEN_MODULE) in a child pwsh of this one: same
    # environment (the sandbox's endpoint, the fakes' variables). Its stdout and stderr are read as they come and written
    # to <Work>/<Name>.out and .err by Stop-DeploymentProcess. Returns the child: Process, Name, OutPath, ErrPath.
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Command, [string] $Name = ('child-' + [guid]::NewGuid().ToString('n').Substring(0, 8)))
    $script = Join-Path $World.Work "$Name.ps1"
    Set-Content -Path $script -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:BLUEGREEN_MODULE -replace "'", "''")'
$Command
"@
    $pwsh = Get-PwshCommand
    $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script)) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    [pscustomobject]@{
        Process = $process
        Name    = $Name
        OutPath = Join-Path $World.Work "$Name.out"
        ErrPath = Join-Path $World.Work "$Name.err"
        Out     = $process.StandardOutput.ReadToEndAsync()
        Err     = $process.StandardError.ReadToEndAsync()
    }
}

function Get-DeploymentProcessOutput {
    # What a Start-DeploymentProcess child wrote to stdout and stderr, once it has exited (waits at most 10 s for its pipes).
    param([Parameter(Mandatory)] $Child)
    $read = { param($task) if ($task.Wait(10000)) { $task.Result } else { '(its output pipe is still open)' } }
    [pscustomobject]@{ Out = & $read $Child.Out; Err = & $read $Child.Err; ExitCode = if ($Child.Process.HasExited) { $Child.Process.ExitCode } }
}

function Stop-DeploymentProcess {
    # Kills a Start-DeploymentProcess child (and whatever it started) if it still runs, and writes its output files.
    param([Parameter(Mandatory)] $Child)
    if (-not $Child.Process.HasExited) {
        $Child.Process.Kill($true)
        $null = $Child.Process.WaitForExit(10000)
    }
    $output = Get-DeploymentProcessOutput $Child
    Set-Content -Path $Child.OutPath -Value $output.Out
    Set-Content -Path $Child.ErrPath -Value $output.Err
    $Child.Process.Dispose()
}

function Wait-DeploymentProcessStep {
    # Wait-DeploymentStep for a deployment run by a Start-DeploymentProcess child: fails at once, with the child's
    # stderr and stdout, if the child exits before the step is reached.
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Child, [string] $Outcome = 'Started', [int] $TimeoutSeconds = 60)
    $exited = [pscustomobject]@{ Process = $Child.Process }
    $exited | Add-Member -MemberType ScriptProperty -Name IsCompleted -Value { $this.Process.HasExited }
    try { Wait-DeploymentStep -World $World -Name $Name -Outcome $Outcome -TimeoutSeconds $TimeoutSeconds -Job $exited }
    catch {
        $why = $_.Exception.Message
        if ($Child.Process.HasExited) {
            $output = Get-DeploymentProcessOutput $Child
            throw "$why The child pwsh exited with code $($output.ExitCode). stderr: $($output.Err.Trim()) stdout: $($output.Out.Trim())"
        }
        throw
    }
}

function Get-ForwardingRoute {
    # The site's routes as the sandbox holds them (listener defaults and rules that forward; preview rules flagged):
    # Name, Preview, and TargetGroupArns (the groups given a weight above 0).
    param([Parameter(Mandatory)] $World)
    $state = $World.Sandbox.GetStateJson() | ConvertFrom-Json -Depth 64
    foreach ($listener in $state.listeners) {
        $entries = @([pscustomobject]@{ Name = "$($listener.protocol):$($listener.port) default"; Actions = $listener.defaultActions; Conditions = @() }) +
            @($listener.rules | Where-Object { $_ } | ForEach-Object { [pscustomobject]@{ Name = "$($listener.protocol):$($listener.port) rule $($_.priority)"; Actions = $_.actions; Conditions = @($_.conditions) } })
        foreach ($entry in $entries) {
            $forward = @($entry.Actions | Where-Object type -EQ 'forward')
            if (-not $forward) { continue }
            [pscustomobject]@{
                Name            = $entry.Name
                Preview         = [bool] ($entry.Conditions | Where-Object { $_.field -eq 'http-header' -and $_.httpHeaderName -eq 'X-BlueGreen-Preview' })
                TargetGroupArns = @($forward.targetGroups | Where-Object { $_.weight -gt 0 } | ForEach-Object targetGroupArn | Select-Object -Unique)
            }
        }
    }
}

function Assert-RoutesHealthy {
    # Every route that forwards the site's traffic (preview rules aside) sends it only to the project's groups, each with
    # targets, all healthy (as the AWS CLI reads them). Tolerates a switch cut off half-way (some routes on each group),
    # which Get-BgTargetGroup refuses to read. Returns the serving colors.
    param([Parameter(Mandatory)] $World)
    $state = $World.Sandbox.GetStateJson() | ConvertFrom-Json -Depth 64
    $serving = [System.Collections.Generic.SortedSet[string]]::new()
    $health = @{}
    foreach ($route in Get-ForwardingRoute $World | Where-Object { -not $_.Preview }) {
        $route.TargetGroupArns | Should -Not -BeNullOrEmpty -Because "$($route.Name) must forward somewhere"
        foreach ($arn in $route.TargetGroupArns) {
            $group = $state.targetGroups | Where-Object arn -EQ $arn
            $color = ($group.tags | Where-Object key -EQ 'bluegreen:color').value
            $color | Should -BeIn 'blue', 'green' -Because "$($route.Name) must forward to one of the project's groups"
            if (-not $health.ContainsKey($arn)) {
                $health[$arn] = @((Invoke-AwsJson $World.Sandbox.Endpoint elbv2 describe-target-health --target-group-arn $arn).TargetHealthDescriptions.TargetHealth.State)
            }
            $health[$arn].Count | Should -BeGreaterThan 0 -Because "$($route.Name) forwards to $color, which must have targets"
            @($health[$arn] | Where-Object { $_ -ne 'healthy' }) | Should -BeNullOrEmpty -Because "$($route.Name) forwards to $color, whose targets must all be healthy"
            $null = $serving.Add($color)
        }
    }
    , @($serving)
}

function Start-SilentListener {
    # A TCP listener on 127.0.0.1 that accepts connections (the kernel does) but never answers: an HTTP request to it
    # waits for its timeout. Returns the listener with a BaseUrl note; Stop() it in AfterAll.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(64)
    $listener | Add-Member -NotePropertyName BaseUrl -NotePropertyValue "http://127.0.0.1:$($listener.LocalEndpoint.Port)" -PassThru
}

function New-DeploymentConfigVariant {
    # A copy of the world's project file, next to it (same project, same state), with the smoke check's BaseUrl
    # replaced by -SmokeBaseUrl. Returns its path.
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $SmokeBaseUrl)
    $path = Join-Path (Split-Path $World.Config) "bluegreen.$Name.psd1"
    $text = (Get-Content $World.Config -Raw).Replace("BaseUrl = '$($World.Http.BaseUrl)'", "BaseUrl = '$SmokeBaseUrl'")
    if ($text -notmatch [regex]::Escape($SmokeBaseUrl)) { throw "The project file has no Smoke.BaseUrl '$($World.Http.BaseUrl)' to replace." }
    Set-Content -Path $path -Value $text
    $path
}

Export-ModuleMember -Function Get-PwshCommand, New-DeploymentWorld, Remove-DeploymentWorld, Reset-DeploymentWorld, Get-DeploymentTraffic, Get-MaintenanceRule, Test-MaintenanceOn,
    Get-LatestDeployment, Assert-DeploymentSafe, Assert-Released, Assert-TakenBack, Wait-DeploymentStep, Reset-FakeState, Get-FakeCall, New-MachineTestProject,
    Start-DeploymentProcess, Get-DeploymentProcessOutput, Stop-DeploymentProcess, Wait-DeploymentProcessStep, Get-ForwardingRoute, Assert-RoutesHealthy, Start-SilentListener,
    New-DeploymentConfigVariant
