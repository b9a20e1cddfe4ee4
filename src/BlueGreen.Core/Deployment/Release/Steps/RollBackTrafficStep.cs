namespace BlueGreen.Deployment
{
    /// <summary>
    /// Compensation of the switch: every route back to the old group, verified (Skipped when it is there already,
    /// except for the automatic rollback after a degraded release, which is journaled Succeeded either way).
    /// </summary>
    internal sealed class RollBackTrafficStep : ReleaseStep
    {
        private readonly string _detail;
        private readonly bool _skipWhenBack;

        internal RollBackTrafficStep(string detail, bool skipWhenBack = true)
        {
            _detail = detail;
            _skipWhenBack = skipWhenBack;
        }

        public override string Name => ReleaseSteps.RollBackTraffic;

        public override string? Detail(ReleaseContext c) => _detail;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            bool moved = await c.Release.SwitchToOldAsync(c, cancellationToken).ConfigureAwait(false);
            // A canary's stickiness goes back to what the routes had (when the canary set it).
            await CanaryStickiness.RestoreAsync(c, cancellationToken).ConfigureAwait(false);
            return moved || !_skipWhenBack ? StepOutcome.Succeeded : StepOutcome.Skipped;
        }
    }
}
