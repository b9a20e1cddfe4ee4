namespace BlueGreen.Deployment
{
    /// <summary>
    /// -StopBeforeSwitch: the deployment stops Ready with the lock held, the new machines serving the preview; the
    /// flow ends here (Resume-BgDeployment goes on from the next step). Done once journaled.
    /// </summary>
    internal sealed class PauseStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.Pause;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted && c.Options.StopBeforeSwitch;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name);

        public override string? Detail(ReleaseContext c) => "Ready: Resume-BgDeployment switches";

        public override Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            // Ctrl+C meanwhile: not paused, so a resume pauses again rather than switching.
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(StepOutcome.Succeeded);
        }

        public override async Task AfterAsync(ReleaseContext c, bool ran, CancellationToken cancellationToken)
        {
            if (!ran)
            {
                return;
            }

            c.Stopped = await c.Run.PauseAsync(cancellationToken).ConfigureAwait(false);
            c.Release.Reporter.Verbose($"Deployment {c.Run.Id} is Ready: the new machines serve the preview and the lock is held. Resume-BgDeployment -Id {c.Run.Id} switches; Undo-BgDeployment -Id {c.Run.Id} drops it.");
        }
    }
}
