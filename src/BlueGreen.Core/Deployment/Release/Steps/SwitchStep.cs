namespace BlueGreen.Deployment
{
    /// <summary>
    /// A traffic shift to the new group, verified by the switcher: SwitchCanary (the canary's share) or SwitchTraffic
    /// (all of it; the switch time is journaled after). Done since it last succeeded unless traffic went back after.
    /// The compensation is <see cref="RollBackTrafficStep"/>.
    /// </summary>
    internal sealed class SwitchStep : ReleaseStep
    {
        private readonly Func<ReleaseContext, bool> _applies;
        private readonly bool _canary;
        private readonly int _index;
        private readonly string _detail;

        private SwitchStep(bool canary, string detail, Func<ReleaseContext, bool> applies, int index = 0)
        {
            _canary = canary;
            _detail = detail;
            _applies = applies;
            _index = index;
        }

        public override string Name => _canary ? ReleaseSteps.SwitchCanary : ReleaseSteps.SwitchTraffic;

        public override string? UndoneBy => ReleaseSteps.RollBackTraffic;

        /// <summary>
        /// The canary's share, in a canary release; with -CanarySteps, step <paramref name="index"/>'s weight (each
        /// journaled as SwitchCanary, the n-th done when n of them succeeded since traffic last went back).
        /// </summary>
        internal static SwitchStep Canary(int index = 0) => new SwitchStep(true, string.Empty, c => c.Options.CanaryWeights.Count > index, index);

        /// <summary>All traffic at once, in a release without a canary.</summary>
        internal static SwitchStep Full() => new SwitchStep(false, "100% to the new release", c => c.Options.CanaryWeight == 0);

        /// <summary>The rest of the traffic, after a canary that stayed healthy.</summary>
        internal static SwitchStep Rest() => new SwitchStep(false, "the rest to the new release", c => c.Options.CanaryWeight > 0);

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override bool IsDone(ReleaseContext c) => _canary ? c.DoneCount(Name) > _index : c.Done(Name);

        public override string? Detail(ReleaseContext c) => _canary
            ? $"{Weight(c)}% to the new release" + (c.Options.CanaryWeights.Count > 1 ? $" (step {_index + 1} of {c.Options.CanaryWeights.Count})" : string.Empty)
            : _detail;

        /// <summary>
        /// The load balancer as the switch starts from, read while the step's Started is written; not for the first
        /// canary share, which changes the routes' stickiness first.
        /// </summary>
        public override async Task ReadAheadAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            if (!(_canary && _index == 0))
            {
                _state = await c.Release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private BlueGreen.Traffic.TrafficState? _state;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            if (_canary && _index == 0)
            {
                await CanaryStickiness.ApplyAsync(c, cancellationToken).ConfigureAwait(false);
            }

            BlueGreen.Traffic.TrafficState? state = _state;
            _state = null;
            await c.Release.SwitchToNewAsync(c, _canary ? Weight(c) : 100, cancellationToken, state).ConfigureAwait(false);
            if (!_canary)
            {
                // After the full switch: the canary's stickiness back to what the routes had.
                await CanaryStickiness.RestoreAsync(c, cancellationToken).ConfigureAwait(false);
            }

            return StepOutcome.Succeeded;
        }

        private int Weight(ReleaseContext c) => c.Options.CanaryWeights[_index];

        public override async Task AfterAsync(ReleaseContext c, bool ran, CancellationToken cancellationToken)
        {
            if (ran && !_canary)
            {
                DateTime now = c.Release.Clock();
                await c.SetFactsAsync(f => f with { SwitchedAt = now }, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
