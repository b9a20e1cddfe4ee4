using System.Text.RegularExpressions;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// manage.py migrate on the machine CheckMigrations read (Skipped when nothing is pending); what it applied is
    /// journaled whatever happened. Done since it last succeeded unless migrations were reverted after.
    /// </summary>
    internal sealed class MigrateStep : ReleaseStep
    {
        private static readonly Regex AppliedLine = new Regex(@"^\s*Applying\s+([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\.\.\.\s*OK\b", RegexOptions.CultureInvariant);

        public override string Name => ReleaseSteps.Migrate;

        public override string? UndoneBy => ReleaseSteps.RevertMigrations;

        public override bool IsDone(ReleaseContext c) => c.Done(Name);

        public override string? Detail(ReleaseContext c) => c.Facts.Pending == 0 ? "no migration pending" : $"on {Machine(c).Name}";

        public override bool Skips(ReleaseContext c) => c.Facts.Pending == 0;

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            if (Skips(c))
            {
                return StepOutcome.Skipped;
            }

            Machine machine = Machine(c);
            ManageCommand command = await c.Release.ManageOnAsync(machine, token).ConfigureAwait(false);
            CommandRequest request = command.CreateRequest(new[] { "migrate", "--noinput" });
            request.ThrowOnNonZeroExit = false;
            c.Release.Reporter.Verbose($"Running {request.DisplayText}.");
            // Not cancelled once begun: killing the docker client would leave migrate running in the container,
            // unrecorded, while maintenance goes off. CommandTimeoutSeconds bounds it; Ctrl+C takes effect after.
            CommandResult result = await c.Release.Machines.Runner.RunAsync(request, CancellationToken.None).ConfigureAwait(false);
            var applied = result.StandardOutput.Select(l => AppliedLine.Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value + "." + m.Groups[2].Value).ToList();
            string output = string.Join("\n", result.StandardOutput) + (string.IsNullOrWhiteSpace(result.StandardError) ? string.Empty : "\n" + result.StandardError.Trim());
            // Recorded whatever happened: a migrate that failed half-way applied some.
            await c.Journal.RecordMigrationsAsync(applied, CancellationToken.None).ConfigureAwait(false);
            await c.Journal.WriteOutputAsync("migrate", output, CancellationToken.None).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new CommandFailedException(result);
            }

            c.Release.Reporter.Verbose($"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return StepOutcome.Succeeded;
        }

        private static Machine Machine(ReleaseContext c) => c.NewMachines.FirstOrDefault(m => m.Name == c.Facts.MigrateOn) ?? c.NewMachines[0];
    }
}
