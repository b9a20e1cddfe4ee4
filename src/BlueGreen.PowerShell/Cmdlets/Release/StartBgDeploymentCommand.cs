using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.PowerShell.Cmdlets.Migrations;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Release
{
    /// <summary>
    /// The whole release in one command: lock, launch in parallel into the idle group, wait for health, check the
    /// migrations, smoke check and -BeforeSwitch checks through the preview rule, optionally pause Ready, maintenance,
    /// migrate, switch (or canary), bake with automatic rollback, record. -WhatIf emits the plan and writes nothing.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DeploymentRecord), typeof(DeploymentPlan))]
    public sealed class StartBgDeploymentCommand : BgReleaseCmdlet
    {
        [Parameter(Position = 0)]
        [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9_.:+/@-]{0,127}$")]
        public string? Release { get; set; }

        [Parameter]
        [ValidateRange(1, 1000)]
        public int? Count { get; set; }

        [Parameter]
        public MaintenancePolicy? Maintenance { get; set; }

        [Parameter]
        [ValidateRange(0, 99)]
        public int? CanaryWeight { get; set; }

        [Parameter]
        [ValidateCount(1, ReleaseOptions.MaxCanarySteps)]
        [ValidateRange(1, 99)]
        public int[]? CanarySteps { get; set; }

        [Parameter]
        public TimeSpan? CanaryDuration { get; set; }

        [Parameter]
        [ValidateRange(0, 604800)]
        public int? CanaryStickinessSec { get; set; }

        [Parameter]
        public TimeSpan? BakeTime { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int? HealthTimeoutSec { get; set; }

        [Parameter]
        public SwitchParameter AllowIrreversible { get; set; }

        [Parameter]
        public SwitchParameter SkipSmokeCheck { get; set; }

        [Parameter]
        public SwitchParameter StopBeforeSwitch { get; set; }

        [Parameter]
        public SwitchParameter RollbackOnFailure { get; set; }

        [Parameter]
        public SwitchParameter Rollback { get; set; }

        [Parameter]
        public ScriptBlock[]? BeforeSwitch { get; set; }

        [Parameter]
        public ScriptBlock[]? AfterSwitch { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ManageCommand { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ManageWorkingDirectory { get; set; }

        [Parameter]
        [ValidateLength(1, DeploymentTextLimits.Message)]
        public string? Message { get; set; }

        protected override void EndProcessing()
        {
            if (Rollback && string.IsNullOrEmpty(Release))
            {
                ThrowBgError("RollbackNeedsRelease", ErrorCategory.InvalidArgument,
                    "-Rollback goes back to an older release: name it with -Release (the release whose code is checked out for the new machines). Nothing was changed.", null);
            }

            ProjectConfiguration config = ProjectConfiguration;
            ReleaseOptions options = ReleaseOptions.FromConfiguration(config, Release ?? "release-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
            options.Count = Count;
            options.Maintenance = Maintenance ?? options.Maintenance;
            if (CanarySteps != null)
            {
                // -CanarySteps sets every weight (the first is the canary's): the configuration's weight gives way.
                options.CanarySteps = CanarySteps;
                options.CanaryWeight = CanaryWeight ?? 0;
            }
            else if (CanaryWeight.HasValue)
            {
                options.CanaryWeight = CanaryWeight.Value;
                options.CanarySteps = Array.Empty<int>();
            }

            options.CanaryStickiness = CanaryStickinessSec.HasValue ? TimeSpan.FromSeconds(CanaryStickinessSec.Value) : options.CanaryStickiness;
            options.CanaryDuration = CanaryDuration ?? options.CanaryDuration;
            options.BakeTime = BakeTime ?? options.BakeTime;
            options.HealthTimeout = HealthTimeoutSec.HasValue ? TimeSpan.FromSeconds(HealthTimeoutSec.Value) : options.HealthTimeout;
            options.AllowIrreversible = AllowIrreversible;
            options.SkipSmokeCheck = SkipSmokeCheck;
            options.StopBeforeSwitch = StopBeforeSwitch;
            options.RollbackOnFailure = RollbackOnFailure;
            options.Rollback = Rollback;
            options.Message = Message;
            RefuseTicks("BakeTime", BakeTime);
            RefuseTicks("CanaryDuration", CanaryDuration);
            ManageCommand? local = ManageCommand == null ? null : ManageCommandBinding.Create(this, ManageCommand, ManageWorkingDirectory, null);
            bool whatIf = IsWhatIf;

            DeploymentRecord? record = RunRelease(async (engine, context) =>
            {
                DeploymentPlan plan = await engine.PlanAsync(options, whatIf ? local : null, context.Cancellation).ConfigureAwait(false);
                foreach (string warning in plan.Warnings)
                {
                    context.Reporter.Warning(warning);
                }

                string target = $"project {plan.Project}: {(options.Rollback ? "rollback to older " : string.Empty)}release {plan.Release}, {plan.MachineCount} new machine(s) into {plan.To.Name}, " +
                    (options.Rollback ? "the newer migrations reverted, " : string.Empty) + $"then traffic {plan.From.Name} -> {plan.To.Name}";
                if (!context.Approval.Approve(target, "Start-BgDeployment"))
                {
                    if (whatIf)
                    {
                        context.Emit(plan);
                    }

                    return null;
                }

                var before = ToChecks("BeforeSwitch", BeforeSwitch, context);
                var after = ToChecks("AfterSwitch", AfterSwitch, context);
                return await engine.StartAsync(options, before, after, context.Cancellation).ConfigureAwait(false);
            });
            if (record != null)
            {
                WriteObject(record);
            }
        }

        private void RefuseTicks(string name, TimeSpan? value)
        {
            if (value.HasValue && value.Value > TimeSpan.Zero && value.Value < TimeSpan.FromSeconds(1))
            {
                ThrowBgError("InvalidDuration", ErrorCategory.InvalidArgument,
                    $"-{name} is {value.Value.TotalMilliseconds} ms: a bare number is read as ticks. Pass a time such as '00:05:00' or (New-TimeSpan -Minutes 5). Nothing was changed.", value.Value);
            }

            if (value.HasValue && value.Value > TimeSpan.FromDays(1))
            {
                ThrowBgError("InvalidDuration", ErrorCategory.InvalidArgument,
                    $"-{name} is {value.Value} (more than a day): a quoted number such as '300' is read as days. Pass hours:minutes:seconds, e.g. '00:05:00'. Nothing was changed.", value.Value);
            }
        }
    }
}
