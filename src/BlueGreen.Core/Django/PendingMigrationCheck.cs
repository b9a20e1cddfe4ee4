using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Test-BgMigration's engine, and the guard a deployment calls before migrating: lists what <c>migrate</c> would
    /// apply (<c>migrate --plan</c>), then reads in one manage.py shell (<see cref="MigrationFactsReader"/>) whether
    /// Django could unapply each (the test Migration.unapply makes before it raises IrreversibleError: any operation
    /// not reversible, including custom ones) and the facts <see cref="MigrationCompatibilityRules"/> judge whether the
    /// running release survives it. (sqlmigrate --backwards, used before, fails on a pending migration whose reverse
    /// introspects the database, e.g. AlterUniqueTogether: the constraint it would drop is not there yet.)
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
                _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "Can they be unapplied, and does the running release survive them?", 50));
                IReadOnlyList<MigrationFacts> facts = await _manage.ReadFactsAsync(release, plan.Migrations.Select(m => m.Key).ToList(), cancellation).ConfigureAwait(false);
                return plan.Migrations.Select((m, i) => new PendingMigration(m, facts[i].Irreversible, MigrationCompatibilityRules.Judge(facts[i]))).ToList();
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }

        public const string IncompatibleErrorId = "IncompatiblePendingMigration";

        /// <summary>
        /// Maintenance Never: throws <see cref="IncompatibleErrorId"/> naming every pending migration the running
        /// release may not survive (incompatible or unknown), unless there is none.
        /// </summary>
        public static void EnsureCompatible(IEnumerable<PendingMigration> pending)
        {
            PendingMigration[] incompatible = pending.Where(migration => !migration.Compatible).ToArray();
            if (incompatible.Length > 0)
            {
                throw new BlueGreenException(IncompatibleErrorId, FailureCategory.InvalidOperation,
                    $"Maintenance is Never, but the release would apply migrations the running release may not survive: {string.Join("; ", incompatible.Select(m => m.Key + " (" + m.Verdict + ")"))}. " +
                    $"Nothing was migrated or switched. Take the deployment back (Undo-BgDeployment) and deploy again with -Maintenance Auto (a window around them) or Always; or split the change so the running release survives it (e.g. a nullable column first); or, if it does survive, declare {MigrationCompatibilityRules.DeclarationAttribute} = True on the Migration class.",
                    incompatible[0].Key.ToString());
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
