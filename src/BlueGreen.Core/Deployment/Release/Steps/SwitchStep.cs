using System;
using System.Threading;
using System.Threading.Tasks;

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
        private readonly string _detail;

        private SwitchStep(bool canary, string detail, Func<ReleaseContext, bool> applies)
        {
            _canary = canary;
            _detail = detail;
            _applies = applies;
        }

        public override string Name => _canary ? ReleaseSteps.SwitchCanary : ReleaseSteps.SwitchTraffic;

        public override string? UndoneBy => ReleaseSteps.RollBackTraffic;

        /// <summary>The canary's share, in a canary release.</summary>
        internal static SwitchStep Canary() => new SwitchStep(true, string.Empty, c => c.Options.CanaryWeight > 0);

        /// <summary>All traffic at once, in a release without a canary.</summary>
        internal static SwitchStep Full() => new SwitchStep(false, "100% to the new release", c => c.Options.CanaryWeight == 0);

        /// <summary>The rest of the traffic, after a canary that stayed healthy.</summary>
        internal static SwitchStep Rest() => new SwitchStep(false, "the rest to the new release", c => c.Options.CanaryWeight > 0);

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => _canary ? $"{c.Options.CanaryWeight}% to the new release" : _detail;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            await c.Release.SwitchToNewAsync(c, _canary ? c.Options.CanaryWeight : 100, cancellationToken).ConfigureAwait(false);
            return StepOutcome.Succeeded;
        }

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
