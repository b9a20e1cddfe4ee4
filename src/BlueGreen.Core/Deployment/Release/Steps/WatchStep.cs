using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Watches the new group's health (and runs the -AfterSwitch checks) for a while: WatchCanary at the canary's
    /// share, Bake after the full switch. A target going bad or a check failing degrades the release: the step is
    /// journaled Failed and the flow hands over to the rollback. Done since it last succeeded unless traffic went back after.
    /// </summary>
    internal sealed class WatchStep : ReleaseStep
    {
        private readonly bool _canary;

        private WatchStep(bool canary)
        {
            _canary = canary;
        }

        internal static WatchStep Canary() => new WatchStep(true);

        internal static WatchStep Bake() => new WatchStep(false);

        public override string Name => _canary ? ReleaseSteps.WatchCanary : ReleaseSteps.Bake;

        private string ErrorId => _canary ? "CanaryDegraded" : "BakeDegraded";

        public override bool Applies(ReleaseContext c) => !_canary || c.Options.CanaryWeight > 0;

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => _canary
            ? $"{c.Options.CanaryDuration} at {c.Options.CanaryWeight}%"
            : c.Options.BakeTime > TimeSpan.Zero ? c.Options.BakeTime.ToString() : "no bake time";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (!_canary && c.Options.BakeTime <= TimeSpan.Zero && c.AfterSwitch.Count == 0)
            {
                return StepOutcome.Skipped;
            }

            string? degraded = await WatchAsync(c, _canary ? "Canary" : "Bake", _canary ? c.Options.CanaryDuration : c.Options.BakeTime, token).ConfigureAwait(false);
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
            DateTime end = release.Clock() + duration;
            int activity = ReleaseEngine.ProgressActivityId + 1;
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

                    string? failed = await ReleaseCheckList.RunAsync(c, phase, c.AfterSwitch, cancellationToken).ConfigureAwait(false);
                    if (failed != null)
                    {
                        return failed;
                    }

                    TimeSpan left = end - release.Clock();
                    if (left <= TimeSpan.Zero)
                    {
                        release.Reporter.Verbose($"{phase}: {group.Name} stayed healthy for {duration}.");
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
