namespace BlueGreen.Deployment
{
    /// <summary>
    /// The -BeforeSwitch checks, in order. Done once journaled so and no checks are given: checks given again (to
    /// Resume-BgDeployment) run again, as time has passed since they last did. No part of it once a switch began.
    /// </summary>
    internal sealed class BeforeSwitchStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.BeforeSwitch;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name) && c.BeforeSwitch.Count == 0;

        public override string? Detail(ReleaseContext c) => c.BeforeSwitch.Count == 0 ? "none given" : string.Join(", ", c.BeforeSwitch);

        public override bool Skips(ReleaseContext c) => c.BeforeSwitch.Count == 0;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (Skips(c))
            {
                return StepOutcome.Skipped;
            }

            string? failure = await ReleaseCheckList.RunAsync(c, "BeforeSwitch", c.BeforeSwitch, token).ConfigureAwait(false);
            if (failure != null)
            {
                throw new BlueGreenException("BeforeSwitchCheckFailed", FailureCategory.InvalidResult, failure + " Nothing was switched.", "BeforeSwitch");
            }

            return StepOutcome.Succeeded;
        }
    }
}
