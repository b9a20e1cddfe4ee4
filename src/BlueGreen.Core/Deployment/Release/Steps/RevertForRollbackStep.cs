using BlueGreen.Django;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A rollback's Migrate: the migrations the older release does not have, reverted on a machine of the release
    /// it replaces (its code has their reverse operations), each step approved, the result checked against the older
    /// release. Skipped when nothing is to revert. Undone by ReapplyMigrations. Before the switch (the newer release
    /// serving, in a window under Auto), or after it when every revert is compatible with the older release, which
    /// then serves meanwhile (<see cref="MaintenanceDecision.ForRollback"/>).
    /// </summary>
    internal sealed class RevertForRollbackStep : ReleaseStep
    {
        private readonly Func<ReleaseContext, bool> _applies;

        /// <param name="applies">Where in the flow it runs: before the switch (in the window, if any), or after it when every revert is compatible with the older release.</param>
        internal RevertForRollbackStep(Func<ReleaseContext, bool> applies)
        {
            _applies = applies;
        }

        public override string Name => ReleaseSteps.RevertForRollback;

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override string? UndoneBy => ReleaseSteps.ReapplyMigrations;

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => c.Facts.Pending == 0 ? "no migration to revert" : $"on {c.Facts.MigrateOn}";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (c.Facts.Pending == 0)
            {
                return StepOutcome.Skipped;
            }

            RollbackMigrations rollback = await RollbackMigrations.ReadAsync(c, c.NewMachines[0], token).ConfigureAwait(false);
            rollback.EnsureRevertable();
            IReadOnlyList<MigrationUndoRequest> requests = rollback.Requests;
            if (requests.Count == 0)
            {
                c.Release.Reporter.Verbose("The database already has only the older release's migrations.");
                return StepOutcome.Skipped;
            }

            // Not cancelled once begun, as migrate is not: a revert cut off would leave the database between releases.
            IReadOnlyList<MigrationUndoStepResult> results = await new MigrationUndo(c.Release.Manage, c.Approval, c.Release.Reporter)
                .RunAsync(requests, rollback.NewerRelease, CancellationToken.None, c.Reverted, rollback.NewerMachine.Name).ConfigureAwait(false);
            await c.Journal.WriteOutputAsync("revert", string.Join("\n", results.Select(x => x.ToString())), CancellationToken.None).ConfigureAwait(false);
            RollbackMigrations after = await RollbackMigrations.ReadAsync(c, c.NewMachines[0], CancellationToken.None).ConfigureAwait(false);
            if (after.ToRevert.Count > 0)
            {
                throw new BlueGreenException("MigrationsNotReverted", FailureCategory.InvalidResult,
                    $"{after.ToRevert.Count} migration(s) the older release does not have are still applied after the revert ({string.Join(", ", after.ToRevert.Select(d => d.Key))}): a step was declined or did not take. Traffic was not switched.",
                    after.ToRevert[0].Key.ToString());
            }

            return StepOutcome.Succeeded;
        }
    }
}
