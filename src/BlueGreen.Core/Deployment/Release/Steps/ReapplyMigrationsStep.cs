using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Compensation of RevertForRollback (Undo of a rollback, or its automatic rollback): manage.py migrate on a
    /// machine of the release the rollback replaced, whose code has the migrations the rollback reverted, before
    /// traffic goes back to it. Skipped when the rollback reverted nothing.
    /// </summary>
    internal sealed class ReapplyMigrationsStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.ReapplyMigrations;

        public override bool Applies(ReleaseContext c) => c.MayHaveRevertedForRollback;

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => $"on a machine of {c.FromArn}";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            var inventory = await c.Release.Machines.ListAsync(true, token).ConfigureAwait(false);
            Machine newer = inventory.Where(m => m.TargetGroupArn == c.FromArn).OrderByDescending(m => m.Name == c.Facts.MigrateOn).ThenByDescending(m => m.IsHealthy).FirstOrDefault()
                ?? throw new BlueGreenException("OldMachinesGone", FailureCategory.ObjectNotFound,
                    "No machine of the release the rollback replaced is left to re-apply its migrations from.", c.FromArn);
            ManageCommand command = await c.Release.ManageOnAsync(newer, token).ConfigureAwait(false);
            CommandRequest request = command.CreateRequest(new[] { "migrate", "--noinput" });
            request.ThrowOnNonZeroExit = false;
            c.Release.Reporter.Verbose($"Running {request.DisplayText} on {newer.Name}.");
            CommandResult result = await c.Release.Machines.Runner.RunAsync(request, CancellationToken.None).ConfigureAwait(false);
            string output = string.Join("\n", result.StandardOutput) + (string.IsNullOrWhiteSpace(result.StandardError) ? string.Empty : "\n" + result.StandardError.Trim());
            await c.Journal.WriteOutputAsync("reapply", output, CancellationToken.None).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new CommandFailedException(result);
            }

            return StepOutcome.Succeeded;
        }
    }
}
