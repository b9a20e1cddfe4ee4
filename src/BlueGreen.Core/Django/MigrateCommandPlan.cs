namespace BlueGreen.Django
{
    /// <summary>What <c>manage.py migrate [app target] --plan</c> printed: the migrations Django would apply or unapply, in order.</summary>
    public sealed class MigrateCommandPlan
    {
        public MigrateCommandPlan(IReadOnlyList<PlannedMigration> migrations)
        {
            Migrations = migrations;
        }

        public IReadOnlyList<PlannedMigration> Migrations { get; }

        public IEnumerable<PlannedMigration> IrreversibleMigrations => Migrations.Where(migration => migration.IsIrreversible);
    }
}
