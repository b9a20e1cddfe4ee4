using BlueGreen.Machines;

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
            Machine newer = await OldGroupMachine.FindAsync(c, "OldMachinesGone",
                "No machine of the release the rollback replaced is left to re-apply its migrations from.", token, preferred: c.Facts.MigrateOn).ConfigureAwait(false);
            await MachineMigrate.RunAsync(c, newer, new[] { MachineMigrate.All }, "reapply", recordApplied: false, token).ConfigureAwait(false);
            return StepOutcome.Succeeded;
        }
    }
}
