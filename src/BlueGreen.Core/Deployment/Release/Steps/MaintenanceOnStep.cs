using BlueGreen.Maintenance;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Maintenance on: the window journaled open first (a kill -9 after it leaves the journal saying so), then the
    /// enable, which is not cancelled once begun (a cut-off enable could land after the cleanup turned it off).
    /// Never done: when it applies (the flow decides), the window opens again.
    /// </summary>
    internal sealed class MaintenanceOnStep : ReleaseStep
    {
        private readonly Func<ReleaseContext, bool> _applies;
        private readonly string? _detail;

        /// <param name="detail">The journal's detail; null: the maintenance mode.</param>
        internal MaintenanceOnStep(Func<ReleaseContext, bool> applies, string? detail = null)
        {
            _applies = applies;
            _detail = detail;
        }

        public override string Name => ReleaseSteps.MaintenanceOn;

        public override string? UndoneBy => ReleaseSteps.MaintenanceOff;

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override string? Detail(ReleaseContext c) => _detail ?? $"{c.Release.Maintenance.Mode}";

        public override async Task BeforeAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            // Changes nothing users see (Django maintenance opens its manage.py sessions), so it comes before the window is journaled open.
            await c.Release.Maintenance.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await c.Journal.BeginMaintenanceAsync(cancellationToken).ConfigureAwait(false);
            c.MaintenanceOn = true;
        }

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            MaintenanceReport report = await c.Release.Maintenance.EnableAsync(ReleaseServices.CleanupToken()).ConfigureAwait(false);
            c.Release.Reporter.Verbose($"Maintenance on: {string.Join("; ", report.Changes)}.");
            return StepOutcome.Succeeded;
        }
    }
}
