using BlueGreen.Smoke;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>The smoke check through the preview route (Skipped with -SkipSmokeCheck). Done once journaled so; no part of it once a switch began.</summary>
    internal sealed class SmokeCheckStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.SmokeCheck;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name);

        public override string? Detail(ReleaseContext c) => c.Options.SkipSmokeCheck ? "skipped (-SkipSmokeCheck)" : string.Join(" ", c.Release.Config.Smoke.Paths);

        public override bool Skips(ReleaseContext c) => c.Options.SkipSmokeCheck;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (Skips(c))
            {
                return StepOutcome.Skipped;
            }

            TrafficState state = await c.Release.Machines.ReadTrafficAsync(token).ConfigureAwait(false);
            SmokeCheckReport report = await new PreviewSmokeCheck(c.Release.Config.Smoke, c.Release.Reporter).RunAsync(state, token).ConfigureAwait(false);
            c.Release.Reporter.Verbose($"Smoke check passed: {string.Join(", ", report.Paths)}.");
            return StepOutcome.Succeeded;
        }
    }
}
