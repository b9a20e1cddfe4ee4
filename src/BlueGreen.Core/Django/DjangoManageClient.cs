using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// The manage.py commands the migration engine runs, each through an <see cref="ICommandRunner"/> with an
    /// argument array, and their output parsed. Every command is announced on the reporter's verbose stream.
    /// </summary>
    public sealed class DjangoManageClient
    {
        private readonly ICommandRunner _runner;
        private readonly IOperationReporter _reporter;

        /// <param name="runner">Runs each command; its default deadline is how long one manage.py command may run.</param>
        public DjangoManageClient(ICommandRunner runner, IOperationReporter? reporter = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary><c>showmigrations --plan -v 2</c>: every migration of the release, in order, with dependencies.</summary>
        public async Task<ShowMigrationsPlan> ReadPlanAsync(ManageCommand release, CancellationToken cancellation)
        {
            CommandResult result = await RunAsync(release, new[] { "showmigrations", "--plan", "--verbosity", "2", "--no-color" }, cancellation).ConfigureAwait(false);
            return ShowMigrationsParser.ParsePlan(result.StandardOutput, withDependencies: true);
        }

        /// <summary><c>showmigrations --list</c>: migrations per app, squashed ones with the number they replace.</summary>
        public async Task<ShowMigrationsList> ReadListAsync(ManageCommand release, CancellationToken cancellation)
        {
            CommandResult result = await RunAsync(release, new[] { "showmigrations", "--list", "--no-color" }, cancellation).ConfigureAwait(false);
            return ShowMigrationsParser.ParseList(result.StandardOutput);
        }

        /// <summary><c>migrate --plan</c> (everything pending) or <c>migrate &lt;app&gt; &lt;target&gt; --plan</c>.</summary>
        public async Task<MigrateCommandPlan> ReadMigratePlanAsync(ManageCommand release, IReadOnlyList<string> planArguments, CancellationToken cancellation)
        {
            CommandResult result = await RunAsync(release, planArguments, cancellation).ConfigureAwait(false);
            return MigratePlanParser.Parse(result.StandardOutput, string.Join(" ", planArguments.Where(argument => argument != "--no-color")));
        }

        /// <summary>The facts of <paramref name="keys"/> (pending, in plan order) for the compatibility rules: one <c>manage.py shell</c>.</summary>
        public Task<IReadOnlyList<MigrationFacts>> ReadFactsAsync(ManageCommand release, IReadOnlyList<MigrationKey> keys, CancellationToken cancellation) =>
            MigrationFactsReader.ReadAsync(_runner, release, keys, _reporter, cancellation);

        /// <summary>Runs one undo step (<c>migrate &lt;app&gt; &lt;target&gt;</c>): this changes the database.</summary>
        public Task<CommandResult> MigrateAsync(ManageCommand release, MigrationUndoStep step, CancellationToken cancellation) =>
            RunAsync(release, step.MigrateArguments, cancellation);

        private Task<CommandResult> RunAsync(ManageCommand release, IReadOnlyList<string> arguments, CancellationToken cancellation)
        {
            CommandRequest request = release.CreateRequest(arguments);
            _reporter.Verbose($"Running {request.DisplayText}{(release.WorkingDirectory == null ? string.Empty : " in " + release.WorkingDirectory)}");
            return _runner.RunAsync(request, cancellation);
        }
    }
}
