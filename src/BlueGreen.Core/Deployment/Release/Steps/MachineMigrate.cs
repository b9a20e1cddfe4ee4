using System.Text.RegularExpressions;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// manage.py migrate on one machine, journaled: each command in turn (stopping at the first that fails), not
    /// cancelled once begun (killing the docker client would leave migrate running in the container, unrecorded,
    /// while maintenance goes off; CommandTimeoutSeconds bounds it, Ctrl+C takes effect after). What it printed is
    /// kept as one output and, when asked, the migrations it applied are recorded, whatever happened: a migrate
    /// that failed half-way applied some. Shared by Migrate, MigrateBeforeWindow and ReapplyMigrations.
    /// </summary>
    internal static class MachineMigrate
    {
        /// <summary>The arguments of a plain migrate: every pending migration.</summary>
        internal static readonly IReadOnlyList<string> All = new[] { "migrate", "--noinput" };

        /// <summary>The new machine migrations run on: the one CheckMigrations read.</summary>
        internal static Machine MigrateMachine(ReleaseContext c) => c.NewMachines.FirstOrDefault(m => m.Name == c.Facts.MigrateOn) ?? c.NewMachines[0];

        private static readonly Regex AppliedLine = new Regex(@"^\s*Applying\s+([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\.\.\.\s*OK\b", RegexOptions.CultureInvariant);

        /// <summary>Runs <paramref name="commands"/> on <paramref name="machine"/>; returns the migrations applied (app.name, in order); throws CommandFailedException for the first that failed.</summary>
        /// <param name="output">The journal output that keeps what they printed.</param>
        /// <param name="recordApplied">Record what they applied as the deployment's applied migrations (Undo reverts them).</param>
        internal static async Task<IReadOnlyList<string>> RunAsync(ReleaseContext c, Machine machine, IReadOnlyList<IReadOnlyList<string>> commands, string output, bool recordApplied, CancellationToken token)
        {
            ManageCommand command = await c.Release.ManageOnAsync(machine, token).ConfigureAwait(false);
            var applied = new List<string>();
            var printed = new List<string>();
            CommandResult? failed = null;
            foreach (IReadOnlyList<string> arguments in commands)
            {
                CommandRequest request = command.CreateRequest(arguments);
                request.ThrowOnNonZeroExit = false;
                c.Release.Reporter.Verbose($"Running {request.DisplayText} on {machine.Name}.");
                CommandResult result = await c.Release.Machines.Runner.RunAsync(request, CancellationToken.None).ConfigureAwait(false);
                applied.AddRange(result.StandardOutput.Select(l => AppliedLine.Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value + "." + m.Groups[2].Value));
                printed.Add(string.Join("\n", result.StandardOutput) + (string.IsNullOrWhiteSpace(result.StandardError) ? string.Empty : "\n" + result.StandardError.Trim()));
                if (!result.Succeeded)
                {
                    failed = result;
                    break;
                }
            }

            if (recordApplied)
            {
                await c.Journal.RecordMigrationsAsync(applied, CancellationToken.None).ConfigureAwait(false);
            }

            await c.Journal.WriteOutputAsync(output, string.Join("\n", printed), CancellationToken.None).ConfigureAwait(false);
            if (failed != null)
            {
                throw new CommandFailedException(failed);
            }

            c.Release.Reporter.Verbose($"Applied {applied.Count} migration(s) on {machine.Name}: {string.Join(", ", applied)}.");
            return applied;
        }
    }
}
