using BlueGreen.Machines;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Waits until every target of the new group is healthy and holds every new machine. Never done: health is read
    /// again on every run before the switch (time has passed); no part of it once a switch began.
    /// </summary>
    internal sealed class WaitForHealthyStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.WaitForHealthy;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted;

        public override string? Detail(ReleaseContext c) => $"at most {c.Options.HealthTimeout.TotalSeconds:0} s";

        /// <summary>The first health read, made while the step's Started is written.</summary>
        public override async Task ReadAheadAsync(ReleaseContext c, CancellationToken cancellationToken) =>
            _first = await c.Release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);

        private TrafficState? _first;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            MachineServices machines = c.Release.Machines;
            var wait = new TargetGroupHealthWait(c.Release.Reporter) { PollInterval = ReleaseServices.Min(TimeSpan.FromSeconds(5), c.Options.CheckInterval) };
            TrafficState? first = _first;
            _first = null;
            Task<TrafficState> Read(CancellationToken t)
            {
                if (first is TrafficState read)
                {
                    first = null;
                    return Task.FromResult(read);
                }

                return machines.ReadTrafficAsync(t);
            }

            TrafficState state = await wait.WaitForIdleAsync(Read, c.Options.HealthTimeout, token).ConfigureAwait(false);
            ProjectTargetGroup to = state.Group(c.ToArn);
            if (state.Idle.Arn != c.ToArn)
            {
                throw ReleaseServices.TrafficMoved(c, state);
            }

            int count = c.Facts.Count;
            var targets = new HashSet<string>(to.Targets.Select(t => t.Id), StringComparer.Ordinal);
            List<Machine> absent = c.NewMachines.Where(m => m.InstanceId == null || !targets.Contains(m.InstanceId)).ToList();
            if (absent.Count > 0 || c.NewMachines.Count < count)
            {
                throw new BlueGreenException("NewMachineNotRegistered", FailureCategory.InvalidResult,
                    $"{to.Name} is healthy but holds {c.NewMachines.Count - absent.Count} of the {count} new machines" + (absent.Count > 0 ? $" ({string.Join(", ", absent)} missing)" : string.Empty) +
                    ". Nothing was switched; Resume-BgDeployment registers or relaunches them.", to);
            }

            return StepOutcome.Succeeded;
        }
    }
}
