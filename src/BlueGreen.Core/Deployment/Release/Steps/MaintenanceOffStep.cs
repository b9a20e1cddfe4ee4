namespace BlueGreen.Deployment
{
    /// <summary>
    /// Maintenance off, tried three times and never cancelled (<see cref="ReleaseServices.DisableMaintenanceAsync"/>),
    /// as step MaintenanceOff (the window's end) or MaintenanceOffAfterFailure (on the way out of a failure, or first
    /// thing when resuming a run cut off inside the window). The compensation of <see cref="MaintenanceOnStep"/>.
    /// </summary>
    internal sealed class MaintenanceOffStep : ReleaseStep
    {
        private readonly string _name;
        private readonly Func<ReleaseContext, bool> _applies;
        private readonly string? _detail;

        /// <param name="detail">The journal's detail; null: the maintenance mode.</param>
        internal MaintenanceOffStep(string name, Func<ReleaseContext, bool> applies, string? detail = null)
        {
            _name = name;
            _applies = applies;
            _detail = detail;
        }

        public override string Name => _name;

        public override string Label => ReleaseSteps.MaintenanceOff;

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override string? Detail(ReleaseContext c) => _detail ?? $"{c.Release.Maintenance.Mode}";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            await c.Release.DisableMaintenanceAsync(c).ConfigureAwait(false);
            return StepOutcome.Succeeded;
        }
    }
}
