using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Get-BgMigrationDiff's engine: reads both releases' plans, compares them, and asks Django (on the new release)
    /// which of the migrations to undo it can reverse.
    /// </summary>
    public sealed class MigrationDiffReader
    {
        public const int ProgressActivityId = 5100;

        private readonly DjangoManageClient _manage;
        private readonly IOperationReporter _reporter;

        public MigrationDiffReader(DjangoManageClient manage, IOperationReporter? reporter = null)
        {
            _manage = manage;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>
        /// Compares the release on a live machine with the one on an idle machine; every diff names both machines and
        /// carries the idle machine's manage command (with its DOCKER_* environment), so an undo runs there.
        /// </summary>
        public async Task<IReadOnlyList<MigrationDiff>> ReadAsync(ReleaseMachine oldRelease, ReleaseMachine newRelease, CancellationToken cancellation)
        {
            _reporter.Verbose($"Old release: {oldRelease}; new release: {newRelease}.");
            IReadOnlyList<MigrationDiff> diffs = await ReadAsync(oldRelease.Manage, newRelease.Manage, cancellation).ConfigureAwait(false);
            foreach (MigrationDiff diff in diffs)
            {
                diff.OldMachine = oldRelease.Name;
                diff.NewMachine = newRelease.Name;
            }

            return diffs;
        }

        public async Task<IReadOnlyList<MigrationDiff>> ReadAsync(ManageCommand oldRelease, ManageCommand newRelease, CancellationToken cancellation)
        {
            const string activity = "Comparing the migrations of two releases";
            try
            {
                _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "Reading the old release's plan", 0));
                ShowMigrationsPlan oldPlan = await _manage.ReadPlanAsync(oldRelease, cancellation).ConfigureAwait(false);
                _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "Reading the new release's plan", 25));
                ShowMigrationsPlan newPlan = await _manage.ReadPlanAsync(newRelease, cancellation).ConfigureAwait(false);

                ShowMigrationsList? newList = null;
                if (MigrationDiffCalculator.HiddenInNewRelease(oldPlan, newPlan).Count > 0)
                {
                    _reporter.Verbose("Some migrations of the old release are not in the new release's plan; reading its list to find squashed migrations.");
                    newList = await _manage.ReadListAsync(newRelease, cancellation).ConfigureAwait(false);
                }

                IReadOnlyList<MigrationDiff> diffs = MigrationDiffCalculator.Compare(oldPlan, newPlan, newList, newRelease);
                _reporter.Verbose($"{diffs.Count} migration(s) differ; {diffs.Count(d => d.NeedsUndo)} would be unapplied by an undo.");

                var revertable = diffs.Where(d => d.NeedsUndo && d.RevertBlockedReason == null && d.RevertTarget != null)
                    .GroupBy(d => d.App).ToArray();
                for (int index = 0; index < revertable.Length; index++)
                {
                    MigrationDiff first = revertable[index].First();
                    var step = new MigrationUndoStep(first.App, first.RevertTarget!, new MigrationKey[0]);
                    _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, $"Asking Django to plan '{step.Description}'", 50 + 50 * index / revertable.Length));
                    MigrateCommandPlan plan = await _manage.ReadMigratePlanAsync(newRelease, step.PlanArguments, cancellation).ConfigureAwait(false);
                    Dictionary<MigrationKey, PlannedMigration> planned = plan.Migrations.ToDictionary(m => m.Key);
                    foreach (MigrationDiff diff in diffs.Where(d => d.NeedsUndo && d.Reversible == null))
                    {
                        if (planned.TryGetValue(diff.Key, out PlannedMigration? migration))
                        {
                            diff.Reversible = !migration.IsIrreversible;
                        }
                    }
                }

                return diffs;
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }
    }
}
