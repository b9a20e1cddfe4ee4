namespace BlueGreen.Deployment
{
    /// <summary>
    /// manage.py migrate on the machine CheckMigrations read (Skipped when nothing is pending): every pending migration,
    /// or the rest after MigrateBeforeWindow; what it applied is journaled whatever happened. Done since it last succeeded unless migrations were reverted after.
    /// </summary>
    internal sealed class MigrateStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.Migrate;

        public override string? UndoneBy => ReleaseSteps.RevertMigrations;

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => c.Facts.Pending == 0 ? "no migration pending" : $"on {MachineMigrate.MigrateMachine(c).Name}";

        public override bool Skips(ReleaseContext c) => c.Facts.Pending == 0;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (Skips(c))
            {
                return StepOutcome.Skipped;
            }

            await MachineMigrate.RunAsync(c, MachineMigrate.MigrateMachine(c), new[] { MachineMigrate.All }, "migrate", recordApplied: true, token).ConfigureAwait(false);
            return StepOutcome.Succeeded;
        }
    }
}
