using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Test-BgMigration's engine, and the guard a deployment calls before migrating: lists what <c>migrate</c> would
    /// apply (<c>migrate --plan</c>) and asks Django, for each, whether it could be unapplied
    /// (<c>sqlmigrate --backwards</c> raises IrreversibleError for any irreversible operation, including custom ones).
    /// </summary>
    public sealed class PendingMigrationCheck
    {
        public const int ProgressActivityId = 5300;

        public const string IrreversibleErrorId = "IrreversiblePendingMigration";

        private readonly DjangoManageClient _manage;
        private readonly IOperationReporter _reporter;

        public PendingMigrationCheck(DjangoManageClient manage, IOperationReporter? reporter = null)
        {
            _manage = manage;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>The pending migrations of the release on a machine (Test-BgMigration's machine parameter set); each names the machine.</summary>
        public async Task<IReadOnlyList<PendingMigration>> ReadAsync(ReleaseMachine release, CancellationToken cancellation)
        {
            _reporter.Verbose($"Checking the release on {release}.");
            IReadOnlyList<PendingMigration> pending = await ReadAsync(release.Manage, cancellation).ConfigureAwait(false);
            foreach (PendingMigration migration in pending)
            {
                migration.Machine = release.Name;
            }

            return pending;
        }

        public async Task<IReadOnlyList<PendingMigration>> ReadAsync(ManageCommand release, CancellationToken cancellation)
        {
            const string activity = "Checking pending migrations";
            try
            {
                _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "migrate --plan", 0));
                MigrateCommandPlan plan = await _manage.ReadMigratePlanAsync(release, new[] { "migrate", "--plan", "--no-color" }, cancellation).ConfigureAwait(false);
                var pending = new List<PendingMigration>();
                for (int index = 0; index < plan.Migrations.Count; index++)
                {
                    PlannedMigration migration = plan.Migrations[index];
                    _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, $"Can {migration.Key} be unapplied?", 10 + 90 * index / plan.Migrations.Count));
                    string? reason = await _manage.FindIrreversibilityAsync(release, migration.Key, cancellation).ConfigureAwait(false);
                    pending.Add(new PendingMigration(migration, reason));
                }

                return pending;
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }

        /// <summary>Throws <see cref="IrreversibleErrorId"/> naming every irreversible pending migration, unless there is none.</summary>
        public static void EnsureReversible(IEnumerable<PendingMigration> pending)
        {
            PendingMigration[] irreversible = pending.Where(migration => !migration.Reversible).ToArray();
            if (irreversible.Length > 0)
            {
                throw new BlueGreenException(IrreversibleErrorId, FailureCategory.InvalidOperation,
                    $"The release would apply migrations a rollback could not unapply: {string.Join("; ", irreversible.Select(m => m.IrreversibleReason))}. Add reverse code (RunPython.noop if nothing has to be undone) or allow irreversible migrations explicitly.",
                    irreversible[0].Key.ToString());
            }
        }
    }
}
