using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Watches the new group for a while: WatchCanary at each canary share, Bake after the full switch. Every check
    /// interval it looks at the group's target health, judges its load balancer metrics (<see cref="MetricAnalysis"/>,
    /// from the second check on: each covers the interval before it, or three metric periods when they are longer, never
    /// before the watch began; every verdict journaled with its figures) and
    /// runs the -AfterSwitch checks. A target going bad, a failed verdict (or an inconclusive one with
    /// Analysis.FailWhenInconclusive) or a check failing degrades the release: the step is journaled Failed and the
    /// flow hands over to the rollback. Done since it last succeeded unless traffic went back after; the n-th canary
    /// watch of a multi-step canary is done when n of them are.
    /// </summary>
    internal sealed class WatchStep : ReleaseStep
    {
        /// <summary>The journal's output that keeps every verdict, one line each (the oldest cut first when it fills up).</summary>
        internal const string VerdictOutput = "analysis";

        private readonly bool _canary;
        private readonly int _index;

        private WatchStep(bool canary, int index)
        {
            _canary = canary;
            _index = index;
        }

        /// <summary>The watch of canary step <paramref name="index"/> (0: the first, or only, share).</summary>
        internal static WatchStep Canary(int index = 0) => new WatchStep(true, index);

        internal static WatchStep Bake() => new WatchStep(false, 0);

        public override string Name => _canary ? ReleaseSteps.WatchCanary : ReleaseSteps.Bake;

        private string ErrorId => _canary ? "CanaryDegraded" : "BakeDegraded";

        public override bool Applies(ReleaseContext c) => !_canary || c.Options.CanaryWeights.Count > _index;

        public override bool IsDone(ReleaseContext c) => _canary ? c.DoneCount(Name) > _index : c.Done(Name);

        public override string? Detail(ReleaseContext c) => _canary
            ? $"{c.Options.CanaryDuration} at {c.Options.CanaryWeights[_index]}%"
            : c.Options.BakeTime > TimeSpan.Zero ? c.Options.BakeTime.ToString() : "no bake time";

        public override bool Skips(ReleaseContext c) => !_canary && c.Options.BakeTime <= TimeSpan.Zero && c.AfterSwitch.Count == 0;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (Skips(c))
            {
                return StepOutcome.Skipped;
            }

            string phase = _canary ? $"Canary {c.Options.CanaryWeights[_index]}%" : "Bake";
            string? degraded = await WatchAsync(c, phase, _canary ? c.Options.CanaryDuration : c.Options.BakeTime, token).ConfigureAwait(false);
            if (degraded != null)
            {
                throw new BlueGreenException(ErrorId, FailureCategory.InvalidResult, degraded, c.ToArn);
            }

            return StepOutcome.Succeeded;
        }

        public override string? Degradation(Exception failure) =>
            failure is BlueGreenException bg && bg.ErrorId == ErrorId ? (_canary ? "The canary degraded: " : "The bake failed: ") + failure.Message : null;

        /// <summary>Watches the new group (and runs the checks) for <paramref name="duration"/>; returns why it degraded, or null.</summary>
        private static async Task<string?> WatchAsync(ReleaseContext c, string phase, TimeSpan duration, CancellationToken cancellationToken)
        {
            ReleaseServices release = c.Release;
            DateTime start = release.Clock();
            DateTime end = start + duration;
            int activity = ReleaseEngine.ProgressActivityId + 1;
            var metrics = new MetricWatch(c, phase, start);
            try
            {
                while (true)
                {
                    TrafficState state = await release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
                    ProjectTargetGroup group = state.Group(c.ToArn);
                    List<TargetStatus> bad = group.Targets.Where(t => !t.IsHealthy).ToList();
                    if (group.HealthyCount == 0 || bad.Count > 0)
                    {
                        return $"{group.Name} has {group.HealthyCount} healthy of {group.TargetCount} target(s)" +
                            (bad.Count > 0 ? ": " + string.Join(", ", bad.Select(t => t.Id + " " + t.State + (t.Reason != null ? " (" + t.Reason + ")" : string.Empty))) : string.Empty) + ".";
                    }

                    string? judged = await metrics.CheckAsync(group.Name, state.LoadBalancerArn, release.Clock(), cancellationToken).ConfigureAwait(false);
                    if (judged != null)
                    {
                        return judged;
                    }

                    string? failed = await ReleaseCheckList.RunAsync(c, phase, c.AfterSwitch, cancellationToken).ConfigureAwait(false);
                    if (failed != null)
                    {
                        return failed;
                    }

                    TimeSpan left = end - release.Clock();
                    if (left <= TimeSpan.Zero)
                    {
                        release.Reporter.Verbose($"{phase}: {group.Name} stayed healthy for {duration}.");
                        metrics.WarnIfAllInconclusive(group.Name);
                        return null;
                    }

                    int percent = duration <= TimeSpan.Zero ? 100 : (int)Math.Min(99, 100 * (1 - (left.TotalSeconds / duration.TotalSeconds)));
                    release.Reporter.Progress(new ProgressUpdate(activity, $"{phase}: watching {group.Name}", $"{group.HealthyCount}/{group.TargetCount} healthy, {left.TotalSeconds:0} s left", percent, ReleaseEngine.ProgressActivityId));
                    await release.Delay(ReleaseServices.Min(left, c.Options.CheckInterval), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                release.Reporter.Complete(activity);
            }
        }
    }
}
