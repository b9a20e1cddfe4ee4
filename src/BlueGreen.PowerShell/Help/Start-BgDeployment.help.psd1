@{
    Synopsis    = 'Releases a new version: new machines into the idle group, checks, maintenance, migrate, switch (or canary), bake, with automatic rollback.'
    Description = @'
Start-BgDeployment does a whole release in one command, under the project's deployment lock and written ahead in the deployment's journal in SSM Parameter Store (State.Prefix, default /bluegreen/<project>/). Before anything changes it reads the load balancer and refuses, changing nothing, when traffic is split (TrafficSplit: a canary is under way), when the idle group still has targets (IdleGroupNotEmpty: the old release of the last deployment; Complete-BgDeployment removes them), when there is no live machine to match and no -Count (NoLiveMachines), when an option is out of range (InvalidDeploymentOption, InvalidDuration), or when the lock is held (DeploymentLocked). It asks ShouldProcess once for the whole release. Then it takes the lock, writes the journal's header (InProgress) and the options, target groups and planned machine names, and runs these steps, each recorded Started before it takes effect and again when it ends:

1. LaunchMachines: -Count machines (default: as many as the live group has targets; at most 1000), with the EC2 provider all made by one RunInstances, docker compose up on each (at most Machines.MaxParallelLaunches at once), all registered in the idle group by one RegisterTargets. A machine that fails to launch is cleaned up; those that launched are kept in the idle group, where only the preview rule reaches them.

2. WaitForHealthy: waits until every target of the idle group is healthy and every new machine is registered there, at most -HealthTimeoutSec.

3. CheckMigrations: reads the pending migrations on one new machine (kept in the journal as the output "pending") and refuses irreversible ones unless -AllowIrreversible.

4. SmokeCheck: the Smoke section's paths through the preview rule (header X-BlueGreen-Preview), unless -SkipSmokeCheck.

5. BeforeSwitch: the -BeforeSwitch scriptblocks, in order.

6. With -StopBeforeSwitch: Pause. The deployment is recorded Ready and returned, the lock still held; Resume-BgDeployment goes on from here, Undo-BgDeployment drops it.

7. MaintenanceOn: with -Maintenance Always, or Auto when a pending migration is not compatible with the running release (CheckMigrations judged each, as Test-BgMigration shows: Incompatible or Unknown); when every pending migration is compatible there is no window: they run while the old release serves, then traffic switches; with a mix under Auto, the compatible migrations no incompatible one precedes in the plan run first, before the window, while the old release serves (step MigrateBeforeWindow: manage.py migrate <app> <target> --noinput per app; output "migrateBeforeWindow"), and the window opens for the rest only (Get-BgDeployment: MigrationsBeforeWindow, MigrationsInWindow) (the Maintenance section says how a window is made: load balancer rules or manage.py on every machine). The decision and its reason are journaled (Get-BgDeployment: MaintenanceDecision, MigrationCompatibility). With -Maintenance Never, a pending migration that is not compatible stops the deployment at CheckMigrations, before anything is migrated or switched (StartBgDeploymentIncompatiblePendingMigration, naming it). The journal records the window as open before maintenance is turned on.

8. Migrate: manage.py migrate --noinput on the machine CheckMigrations read (skipped when nothing is pending). The migrations applied are recorded whatever happens, the output is kept as "migrate".

9. SwitchTraffic (verified by reading the load balancer back), or with -CanaryWeight N: SwitchCanary (N percent of every route to the new release), then MaintenanceOff, WatchCanary for -CanaryDuration, and SwitchTraffic for the rest. With -CanarySteps 10, 50 each weight gets its own SwitchCanary and WatchCanary (journaled under those names, in order) before SwitchTraffic. With -CanaryStickinessSec, the routes' forward actions are made sticky before the first canary share and put back as they were after SwitchTraffic (or after traffic goes back to the old release). Without a canary, MaintenanceOff comes right after the switch.

10. Bake: for -BakeTime after the switch, every Deployment.CheckIntervalSeconds, the new group must keep all its targets healthy and the -AfterSwitch scriptblocks must pass (skipped with -BakeTime 0 and no -AfterSwitch).

Metric checks. During WatchCanary and Bake, every Deployment.CheckIntervalSeconds (from the second look on), the new target group's load balancer metrics of the interval just past are read through CloudWatch GetMetricData (namespace AWS/ApplicationELB, dimensions LoadBalancer and TargetGroup): RequestCount, HTTPCode_Target_5XX_Count (Sum; missing datapoints count 0), TargetResponseTime (Analysis.ResponseTimeStatistic: p90 by default, or Average) and UnHealthyHostCount (Minimum), and the alarms named in Analysis.Alarms (DescribeAlarms). A check fails when the 5xx rate is above Analysis.MaxErrorRatePercent, the response time above Analysis.MaxResponseTimeSeconds, a target stayed unhealthy the whole interval, or a named alarm is in ALARM; with fewer requests than Analysis.MinRequestCount it is Inconclusive: reported (a warning when every check of a watch was) and failing only with Analysis.FailWhenInconclusive. A failed check degrades the release as an unhealthy target does. Every verdict is journaled with its figures (Get-BgDeployment: Verdicts; RollbackReason when it sent the release back). Analysis.Enabled = $false turns the checks off.

11. The old machines are recorded as kept, the deployment Succeeded and the lock released. The old machines stay in the now idle group for Undo-BgDeployment until Complete-BgDeployment removes them.

Rollback policy. A canary or a bake that degrades (a target of the new group not healthy, a failed metric check, or an -AfterSwitch check failing) sends all traffic back to the old release automatically (not cancellable: Ctrl+C does not stop it). The migrations the new release applied are reverted automatically only when the project sets Deployment.RevertMigrationsOnRollback = $true (in maintenance, unless -Maintenance Never); otherwise they stay applied, the old release runs on the new schema, and Undo-BgDeployment reverts them. Either way the deployment ends RolledBack, the lock is released, the new machines are kept in the idle group for a look (Undo-BgDeployment removes them), and the cmdlet fails with the error id StartBgDeploymentDeploymentRolledBack. Any other failure never moves traffic back by itself.

A failure at any other step (an AWS error, a timeout, a check, Ctrl+C) leaves the site serving from where traffic was (before the switch: the old release), turns maintenance off if it was on (three tries; if it still fails the error says MAINTENANCE MAY STILL BE ON and how to turn it off by hand), records the deployment Failed and keeps the lock, so no other deployment starts until this one is resumed or undone. The error says the step that failed, where traffic goes, and what to run next. Its id keeps the failing step's id, prefixed by the cmdlet: StartBgDeploymentHealthTimeout, StartBgDeploymentIrreversiblePendingMigration, StartBgDeploymentSmokeCheckFailed, StartBgDeploymentBeforeSwitchCheckFailed, StartBgDeploymentSwitchFailed, StartBgDeploymentCommandFailed (migrate), StartBgDeploymentJournalWriteFailed, StartBgDeploymentDeploymentStopped (Ctrl+C)... The ErrorRecord's TargetObject is the BlueGreen.Deployment.DeploymentRecord as the journal recorded it. With -RollbackOnFailure, a failure before the switch also removes the new machines (without asking) and ends the deployment RolledBack with the lock released.

-WhatIf runs the same refusals, reads only, writes nothing (no lock, no journal, no machine, no AWS change) and emits a BlueGreen.Deployment.DeploymentPlan: the machines it would launch, the routes it would switch, the steps in order and warnings (e.g. the lock is held). The pending migrations are unknown until a new machine reads them, unless -ManageCommand names a local checkout of the new release; then they are read from it, irreversible ones are warned about, and maintenance is predicted from them.

-BeforeSwitch and -AfterSwitch take scriptblocks run on the pipeline thread with a BlueGreen.Deployment.ReleaseCheckContext as $_ (and as the first argument): Phase (BeforeSwitch, Canary or Bake), Deployment, DeploymentId, Release, NewMachines, NewTargetGroup, OldTargetGroup, LoadBalancerDnsName, PreviewUrl (BeforeSwitch only: where the preview rule answers, ending in /; null after the switch and without a preview rule), SiteUrl (the site through the load balancer, without any header), PreviewHost (the Host the preview rule needs, if any), PreviewHeaderName and PreviewHeaderValue (the header that routes a request to the idle group). A check fails when it throws or outputs $false; the first failure stops the list. Before the switch the preview rule reaches the new release; after a full switch it follows the idle group, which is then the old release, so -AfterSwitch checks of the new release request the site without the preview header.

-BakeTime and -CanaryDuration are TimeSpans: pass '00:05:00' or (New-TimeSpan -Minutes 5). A bare number is read as ticks and refused (InvalidDuration) when below one second; a quoted bare number such as '300' is read as 300 days.

Unattended (pwsh -NonInteractive -File, a scheduled task, Start-Job): ConfirmImpact is Medium, so it never prompts unless -Confirm is given, also not for the machines removed or migrations reverted on the way. Failures are terminating errors; with $ErrorActionPreference = 'Stop' the script ends at once and pwsh exits non-zero with the reason in the error stream. Progress is written under activity id 6000; -Verbose tells each call.
'@
    Parameters  = @{
        Release                = 'Release label: recorded in the journal and put on each new machine (EC2 tag bluegreen:release), e.g. a git tag or commit. Letters, digits and _ . : + / @ -, at most 128 characters. Default: release-<UTC yyyyMMdd-HHmmss>.'
        Count                  = 'How many machines to launch (1-1000; the ELBv2 default limit of targets per group). Default: as many as the live group has targets.'
        Maintenance            = 'When maintenance comes on: Auto (only when a pending migration is not compatible with the running release, from before they run until traffic is on the new release; none when all are compatible), Always, or Never (migrations run while the old release serves; a migration that is not compatible is refused before it runs). Default: Deployment.Maintenance of bluegreen.psd1 (Auto).'
        CanaryWeight           = 'Percent of the traffic (1-99) the new release gets first, watched for -CanaryDuration before the rest follows; 0 switches all at once. Default: Deployment.CanaryWeight (0).'
        CanarySteps            = 'A multi-step canary: the weights (1-99, each larger than the one before, at most 5) the new release gets in turn, each watched for -CanaryDuration, before the full switch; e.g. -CanarySteps 10, 50. Replaces -CanaryWeight (the first step is the canary weight). Default: Deployment.CanarySteps.'
        CanaryStickinessSec    = "Seconds (1-604800) of target-group stickiness on the routes' forward actions while the canary splits traffic, so that a user's page and its static files come from one release; what each route had is journaled and put back after the full switch, a rollback, or a resume or undo after a crash. 0: stickiness left as it is. Default: Deployment.CanaryStickinessSeconds (0)."
        CanaryDuration         = "How long the canary share is watched, as a TimeSpan: '00:05:00' or (New-TimeSpan -Minutes 5); at least 1 s with a canary. Default: Deployment.CanaryDurationSeconds (300 s)."
        BakeTime               = "How long the new live group is watched after the switch, as a TimeSpan: '00:10:00' or (New-TimeSpan -Minutes 10); 0 for no bake. Complete-BgDeployment refuses to remove the old machines before it has passed. Default: Deployment.BakeTimeSeconds (600 s)."
        HealthTimeoutSec       = 'How long, in seconds (1-86400), the new machines may take to become healthy in the idle group. Default: HealthTimeoutSeconds of bluegreen.psd1 (300).'
        AllowIrreversible      = 'Go on although the new release has irreversible migrations pending (a rollback could not unapply them). Without it the CheckMigrations step fails with IrreversiblePendingMigration before anything is migrated.'
        SkipSmokeCheck         = 'Skip the smoke check through the preview rule (the step is recorded Skipped).'
        StopBeforeSwitch       = 'Stop after the checks, before maintenance and migrations: the deployment is recorded Ready, the new machines serve only the preview, the lock stays held. Resume-BgDeployment goes on; Undo-BgDeployment drops it.'
        RollbackOnFailure      = 'A failure before the switch removes the new machines (without asking) and ends the deployment RolledBack with the lock released, instead of Failed with the lock kept. Migrations already applied stay applied; with the new machines gone, Undo-BgDeployment can no longer revert them. No effect after the switch has begun.'
        Rollback               = "Goes back to an older release (-Release names it; its code is what the new machines run) when the previous release's machines are gone and Undo-BgDeployment can no longer help. After the new machines are healthy, the applied migrations the older release does not have are read against a live machine (whose newer code knows them: CheckRollbackMigrations) and each is judged as a pending migration is, against the older release (Get-BgDeployment: MigrationCompatibility, MaintenanceDecision). When every one is compatible with the older release (it runs on the newer schema), traffic moves first and they are reverted there afterwards (RevertForRollback after the switch), with no window; otherwise they are reverted before the switch, inside a maintenance window (Auto or Always), and Never refuses the rollback at CheckRollbackMigrations before any change (RollbackIncompatible, naming them). An irreversible migration in the way is refused at CheckRollbackMigrations, naming it, before the database or traffic changes (RollbackIrreversible); Undo-BgDeployment then removes the machines launched for it. Undo-BgDeployment of a rollback re-applies the migrations on a machine of the newer release (ReapplyMigrations) before traffic goes back to it, with no window when the reverts were compatible; a rollback whose canary or bake degrades does the same by itself. The deployment is journaled as a rollback (Get-BgDeployment: IsRollback)."
        BeforeSwitch           = 'Scriptblocks run in order before maintenance and the switch, each with a BlueGreen.Deployment.ReleaseCheckContext as $_ (PreviewUrl, PreviewHeaderName, PreviewHeaderValue, NewMachines...). One that throws or outputs $false fails the deployment with BeforeSwitchCheckFailed; nothing is switched.'
        AfterSwitch            = 'Scriptblocks run with the same $_ every check interval during the canary and the bake (Phase Canary or Bake). One that throws or outputs $false counts as a degraded release: traffic goes back to the old release automatically.'
        ManageCommand          = "With -WhatIf only: the manage.py command of a local checkout of the new release, as an array (the executable and its arguments up to manage.py, e.g. 'python3','./manage.py'), to read the pending migrations into the plan. Ignored without -WhatIf: a deployment reads them on a new machine."
        ManageWorkingDirectory = 'Working directory of -ManageCommand; relative paths are resolved against the current location.'
        Message                = 'A note recorded with the deployment (shown by Get-BgDeployment), at most 512 characters.'
        Provider               = 'Overrides Machines.Provider of the project file: Ec2 (RunInstances, Docker over ssh://), DockerMachine (docker-machine with the amazonec2 driver) or Local (gunicorn on 127.0.0.1 serving a snapshot of the app, as an instance of a loopback sandbox only).'
        CommandTimeoutSec      = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names it. Default: CommandTimeoutSeconds of the project file (900).'
        ConfigPath             = 'Path of the project file. Default: bluegreen.psd1 in the current directory. Relative paths in it are relative to its directory.'
        Project                = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file). The deployment state lives under State.Prefix, default /bluegreen/<Project>/.'
        LoadBalancer           = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName        = "Overrides the project's two target groups (names or ARNs)."
        Region                 = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName            = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl            = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL.'
        WhatIf                 = 'Emits the plan (BlueGreen.Deployment.DeploymentPlan) after the same refusals, and changes and writes nothing: no lock, no journal, no machine.'
        Confirm                = 'Asks before the release starts.'
    }
    Outputs     = @(
        @{ Type = 'BlueGreen.Deployment.DeploymentRecord'; Description = 'The deployment as its journal recorded it: Succeeded, or Ready with -StopBeforeSwitch. A failure or a rollback is a terminating error whose TargetObject is this record.' }
        @{ Type = 'BlueGreen.Deployment.DeploymentPlan'; Description = 'With -WhatIf: what the deployment would do (machines, routes, migrations when known, maintenance, canary, bake, steps, warnings).' }
    )
    Examples    = @(
        @{
            Title   = 'See what a release would do'
            Code    = "Start-BgDeployment -Release v43 -WhatIf -ManageCommand python3, ./manage.py -ManageWorkingDirectory ~/src/shop | Format-List"
            Remarks = 'Reads the load balancer, the lock and the pending migrations of the local checkout ~/src/shop, and emits the plan: machines, routes, migrations, whether maintenance would come on, and every step in order. Nothing is written anywhere.'
        }
        @{
            Title   = 'A canary, then a long bake'
            Code    = "Start-BgDeployment -Release v43 -CanaryWeight 10 -CanaryDuration 00:05:00 -BakeTime (New-TimeSpan -Minutes 30)"
            Remarks = 'Sends 10% of the traffic to the new release and watches it for five minutes, then the rest, then watches the new live group for 30 minutes. If a new target turns unhealthy in either watch, traffic goes back to the old release and the deployment ends RolledBack.'
        }
        @{
            Title   = 'A canary in two steps, judged by its 5xx rate, and why it went back'
            Code    = @'
Start-BgDeployment -Release v44 -CanarySteps 10, 50 -CanaryDuration 00:02:00 -CanaryStickinessSec 600
Get-BgDeployment -First 1 | Format-List Id, Status, RollbackReason, Verdicts
'@
            Remarks = 'Sends 10%, then 50% of the traffic to v44 (sticky for 10 minutes while split), each for two minutes, checked every Deployment.CheckIntervalSeconds against the Analysis section (by default at most 5% 5xx). A release whose pages answer 500 fails a check and is sent back; RollbackReason then says why with the figures, e.g. "shop-green''s metrics: Canary 10% 08:54:10-08:54:20 Failed (5xx rate 20.0% over the 5% allowed): 40 of 200 requests 5xx (20.0%); p90 0.031 s; unhealthy 0", and Verdicts lists every check.'
        }
        @{
            Title   = 'A scheduled job with a check through the preview rule'
            Code    = @'
$job = Start-Job {
    $ErrorActionPreference = 'Stop'
    Set-Location /srv/deploy/shop
    Import-Module /opt/BlueGreen/BlueGreen.psd1
    Start-BgDeployment -Release v43 -BeforeSwitch {
        $response = Invoke-WebRequest -Uri ([uri]::new($_.PreviewUrl, 'api/health/')) -Headers @{ $_.PreviewHeaderName = $_.PreviewHeaderValue } -SkipHttpErrorCheck
        $response.StatusCode -eq 200
    }
}
$job | Receive-Job -Wait
'@
            Remarks = 'Before any user is served by it, the check asks the new release for /api/health/ through the preview rule; a status other than 200 outputs $false, the deployment fails with StartBgDeploymentBeforeSwitchCheckFailed before maintenance or the switch, and the old release goes on serving. The job never prompts; the error ends it Failed and Receive-Job shows it.'
        }
        @{
            Title   = 'Stop before the switch, look, then go on'
            Code    = @'
$deployment = Start-BgDeployment -Release v43 -StopBeforeSwitch
Invoke-WebRequest http://shop-alb-123.eu-west-1.elb.amazonaws.com/ -Headers @{ 'X-BlueGreen-Preview' = '1' }
$deployment | Resume-BgDeployment
'@
            Remarks = 'The deployment stops Ready after the checks, the lock held, the new machines reachable only with the preview header. Resume-BgDeployment then runs maintenance, migrate, the switch and the bake with the options it was started with; Undo-BgDeployment would drop it instead.'
        }
        @{
            Title   = 'A deploy script that exits non-zero and tells why'
            Code    = @'
# deploy.ps1, run as: pwsh -NonInteractive -File deploy.ps1
$ErrorActionPreference = 'Stop'
try {
    Start-BgDeployment -Release $env:GIT_COMMIT -Message "CI build $env:BUILD_ID"
}
catch {
    $record = $_.TargetObject      # the DeploymentRecord, when the deployment had started
    Write-Error "Deployment $($record.Id) ended $($record.Status) at $($record.LastStep.Name): $($_.FullyQualifiedErrorId)"
    exit 1
}
'@
            Remarks = 'A failure is a terminating error whose id names the cause (e.g. StartBgDeploymentHealthTimeout) and whose TargetObject is the deployment as recorded; the script exits 1 with the reason in the error stream. The lock is kept on a failure, so the next run is refused until someone resumes or undoes it.'
        }
        @{
            Title   = 'Drop the new machines on any failure before the switch'
            Code    = 'Start-BgDeployment -Release v43 -RollbackOnFailure -HealthTimeoutSec 600'
            Remarks = 'If the new machines are not healthy within ten minutes, or a check before the switch fails, they are removed and the deployment ends RolledBack with the lock released, so the next run can start at once.'
        }
        @{
            Title   = 'Go back to an older release whose machines are gone'
            Code    = "git checkout v41; Start-BgDeployment -Release v41 -Rollback -Confirm:`$false"
            Remarks = 'v43 is live and v42 was completed (its machines are gone): v41 is launched again, the migrations of v42 and v43 are reverted with v43''s code on a live machine, then traffic moves to v41. Undo-BgDeployment takes the rollback back (re-applies them and returns to v43).'
        }
    )
    Links       = @('Resume-BgDeployment', 'Undo-BgDeployment', 'Complete-BgDeployment', 'Get-BgDeployment', 'Get-BgDeploymentLock', 'Unlock-BgDeployment', 'Switch-BgTargetGroup')
}
