namespace BlueGreen.Deployment
{
    /// <summary>
    /// Auto with a window: the compatible pending migrations no incompatible one precedes in the plan (the fact
    /// beforeWindow, decided by CheckMigrations) applied on Migrate's machine before the window opens, while the old
    /// release serves: <c>manage.py migrate &lt;app&gt; &lt;last of them in the app&gt;</c> per app, which applies
    /// that migration and its dependencies only (all among them: the plan lists dependencies first). Migrate applies
    /// the rest inside the window. Done since it last succeeded unless migrations were reverted after.
    /// </summary>
    internal sealed class MigrateBeforeWindowStep : ReleaseStep
    {
        /// <summary>The journal output with what the early migrate printed (Migrate's is "migrate").</summary>
        public const string Output = "migrateBeforeWindow";

        public override string Name => ReleaseSteps.MigrateBeforeWindow;

        public override string? UndoneBy => ReleaseSteps.RevertMigrations;

        public override bool Applies(ReleaseContext c) => c.Facts.BeforeWindow is { Count: > 0 };

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => $"{c.Facts.BeforeWindow!.Count} compatible migration(s) on {MachineMigrate.MigrateMachine(c).Name}, while the old release serves";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            await MachineMigrate.RunAsync(c, MachineMigrate.MigrateMachine(c), Targets(c.Facts.BeforeWindow!), Output, recordApplied: true, token).ConfigureAwait(false);
            return StepOutcome.Succeeded;
        }

        /// <summary>
        /// One <c>migrate &lt;app&gt; &lt;name&gt; --noinput</c> per app, naming its last migration in
        /// <paramref name="migrations"/> (app.name, in plan order), in the order those come in the plan.
        /// </summary>
        internal static IReadOnlyList<IReadOnlyList<string>> Targets(IReadOnlyList<string> migrations) =>
            migrations.Select((m, i) => (App: m.Substring(0, m.IndexOf('.', StringComparison.Ordinal)), Name: m.Substring(m.IndexOf('.', StringComparison.Ordinal) + 1), At: i))
                .GroupBy(m => m.App, StringComparer.Ordinal)
                .Select(g => g.Last())
                .OrderBy(m => m.At)
                .Select(m => (IReadOnlyList<string>)new[] { "migrate", m.App, m.Name, "--noinput" })
                .ToList();
    }
}
