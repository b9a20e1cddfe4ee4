<#
.SYNOPSIS
    The main job on the embedded default: a blue-green release on the local AWS sandbox.
.DESCRIPTION
    Starts the sandbox with its seeded world (load balancer bluegreen-demo; target groups bluegreen-demo-blue and
    -green tagged bluegreen:project=demo; HTTP:80 and HTTPS:443 forwarding to blue with an /api/* rule; a preview rule
    keeping green health-checked; an HTTP->HTTPS redirect on 8080; two healthy machines in blue), writes a project
    file, then does what deploy-blue-green.sh did, correctly:
      1. launches as many new machines as are live, in parallel, into the idle group;
      2. when Django is available, checks the release's migrations and shows a migration rollback;
      3. waits until the load balancer reports the new machines healthy, shifts 10% of the traffic (canary), then
         switches, verified by reading the load balancer back;
      4. removes the old machines, after draining.
    No AWS account is touched: every endpoint points at the sandbox and the credentials are dummies. There is no
    Docker engine here, so 'compose up' is skipped (-SkipComposeUp); everything else runs for real.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

# Nothing here may reach real AWS, even on a machine with real credentials.
$env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-demo-config'
$env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-demo-credentials'
$workDirectory = Join-Path ([IO.Path]::GetTempPath()) ("bluegreen-demo-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory $workDirectory | Out-Null
$sandbox = Start-BgSandbox -Seed
Push-Location $workDirectory
try {
    Write-Host "Sandbox: $($sandbox.Endpoint)   project folder: $workDirectory" -ForegroundColor DarkGray
    New-BgConfiguration -Project demo -LoadBalancer bluegreen-demo -ImageId ami-0123456789abcdef0 -InstanceType t3.small `
        -SubnetId $sandbox.SubnetIds[0] -SecurityGroupId $sandbox.SecurityGroupId | Format-Table | Out-Host

    Write-Step 'Which group is live'
    Get-BgTargetGroup | Format-Table | Out-Host
    $live = @(Get-BgMachine -Role Live)
    $live | Format-Table | Out-Host

    Write-Step 'What Start-BgDeployment would do, as objects (-WhatIf: nothing changes anywhere)'
    # The whole release in one command; this demo has no Docker engine for its compose up, so it then walks the
    # same steps by hand with the machine and traffic cmdlets.
    $before = $sandbox.GetStateJson()
    Start-BgDeployment -Release v2 -WhatIf | Format-List Release, FromColor, ToColor, MachineCount, MigrationsSource, Maintenance, BakeTime, Steps | Out-Host
    if ($sandbox.GetStateJson() -ne $before) { throw 'Start-BgDeployment -WhatIf changed the sandbox.' }

    Write-Step "Launch $($live.Count) new machines into the idle group, in parallel"
    $started = [Diagnostics.Stopwatch]::StartNew()
    $new = @(New-BgMachine -Count $live.Count -TargetGroup Idle -Release v2 -SkipComposeUp)
    $new | Format-Table | Out-Host
    Write-Host "Launched $($new.Count) machines in $([math]::Round($started.Elapsed.TotalSeconds, 1)) s."

    Write-Step 'What the load balancer says of them (the preview rule keeps the idle group health-checked)'
    Get-BgTargetGroup -Role Idle | Format-Table | Out-Host

    $django = Join-Path $PSScriptRoot '../tests/django'
    $hasDjango = (Test-Path /usr/bin/python3) -and $(& /usr/bin/python3 -c 'import django' 2>$null; $LASTEXITCODE -eq 0)
    if ($hasDjango) {
        Write-Step 'Migrations: what the new release would apply, and a rollback of them (real Django, local SQLite)'
        $env:BLUEGREEN_TEST_DATABASE = Join-Path $workDirectory 'db.sqlite3'
        $old = '/usr/bin/python3', (Join-Path $django 'release1/manage.py')
        $next = '/usr/bin/python3', (Join-Path $django 'release2/manage.py')
        & $old[0] $old[1] migrate --noinput | Out-Null
        Test-BgMigration -ManageCommand $next | Format-Table | Out-Host
        & $next[0] $next[1] migrate --noinput | Out-Null
        Get-BgMigrationDiff -OldManageCommand $old -NewManageCommand $next | Format-Table | Out-Host
        Get-BgMigrationDiff -OldManageCommand $old -NewManageCommand $next | Undo-BgMigration -Confirm:$false | Format-Table | Out-Host
    }
    else {
        Write-Host 'Skipping the migration part: Debian''s python3-django is not installed (sudo apt-get install python3-django python3-django-maintenance-mode; build.ps1 Demo installs them itself when run as root on Debian).' -ForegroundColor Yellow
    }

    Write-Step 'Wait until the load balancer reports every new machine healthy, then preview the switch (-WhatIf changes nothing)'
    # A user must wait for health before switching, and so does the demo: -WaitForHealthy polls the load balancer
    # (never a fixed sleep), and with -WhatIf it then only shows what would change.
    Switch-BgTargetGroup -WhatIf -WaitForHealthy -HealthTimeoutSec 120

    Write-Step 'Canary: once every new machine is healthy, 10% of the traffic to them'
    Switch-BgTargetGroup -Weight 10 -WaitForHealthy -HealthTimeoutSec 120 | Format-Table | Out-Host
    Get-BgTargetGroup | Format-Table | Out-Host

    Write-Step 'Switch: the new machines take all the traffic'
    Switch-BgTargetGroup | Format-Table | Out-Host
    Get-BgTargetGroup | Format-Table | Out-Host

    Write-Step 'Remove the old machines (now idle), after draining'
    Get-BgMachine -Role Idle | Remove-BgMachine -Confirm:$false -PassThru | Format-Table | Out-Host

    Write-Step 'After'
    $groups = Get-BgTargetGroup
    $groups | Format-Table | Out-Host
    Get-BgMachine | Format-Table | Out-Host
    $nowLive = $groups | Where-Object Role -eq 'Live'
    if ($nowLive.Name -ne 'bluegreen-demo-green' -or $nowLive.HealthyCount -ne $new.Count) {
        throw "Expected bluegreen-demo-green live with $($new.Count) healthy machines; found $($nowLive.Name) with $($nowLive.HealthyCount)."
    }
    Write-Host "Released: $($nowLive.Name) is live with $($nowLive.HealthyCount) healthy machines; the old ones are gone." -ForegroundColor Green
}
finally {
    Pop-Location
    Stop-BgSandbox
    Remove-Item $workDirectory -Recurse -Force -ErrorAction SilentlyContinue
}
