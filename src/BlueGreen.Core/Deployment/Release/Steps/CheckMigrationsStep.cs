using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Reads the pending migrations on one new machine with their compatibility with the running release, journals
    /// them (output "compatibility": each verdict with its operation and SQL line), that machine (where Migrate will
    /// run) and the maintenance decision with its reason (facts incompatible, beforeWindow, maintenanceWhy); refuses irreversible
    /// ones unless allowed, and incompatible ones under Maintenance Never. Done once journaled so; no part of it once
    /// a switch began.
    /// </summary>
    internal sealed class CheckMigrationsStep : ReleaseStep
    {
        /// <summary>The journal output with one line per pending migration: its compatibility, operation, reason and SQL line.</summary>
        public const string CompatibilityOutput = "compatibility";

        public override string Name => ReleaseSteps.CheckMigrations;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name);

        public override string? Detail(ReleaseContext c) => $"on {c.NewMachines[0].Name}";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            Machine machine = c.NewMachines[0];
            ManageCommand command = await c.Release.ManageOnAsync(machine, token).ConfigureAwait(false);
            IReadOnlyList<PendingMigration> pending = await new PendingMigrationCheck(c.Release.Manage, c.Release.Reporter).ReadAsync(command, token).ConfigureAwait(false);
            c.Release.Reporter.Verbose($"{pending.Count} migration(s) pending on {machine.Name}" + (pending.Count > 0 ? ": " + string.Join(", ", pending) : "."));
            await c.Journal.WriteOutputAsync("pending", string.Join("\n", pending.Select(p => p + (p.Reversible ? string.Empty : " (irreversible: " + p.IrreversibleReason + ")"))), token).ConfigureAwait(false);
            await c.Journal.WriteOutputAsync(CompatibilityOutput, string.Join("\n", pending.Select(p => $"{p.Key}: {p.Verdict}")), token).ConfigureAwait(false);
            (bool window, string why, IReadOnlyList<PendingMigration> beforeWindow) = MaintenanceDecision.ForRelease(c.Options.Maintenance, pending);
            c.Release.Reporter.Verbose($"Maintenance ({c.Options.Maintenance}): {why}.");
            await c.SetFactsAsync(f => f with
            {
                Pending = pending.Count,
                MigrateOn = machine.Name,
                Incompatible = pending.Where(p => !p.Compatible).Select(p => p.Key.ToString()).ToList(),
                BeforeWindow = beforeWindow.Select(p => p.Key.ToString()).ToList(),
                MaintenanceWhy = why,
            }, token).ConfigureAwait(false);
            if (!c.Options.AllowIrreversible)
            {
                PendingMigrationCheck.EnsureReversible(pending);
            }

            if (c.Options.Maintenance == MaintenancePolicy.Never)
            {
                PendingMigrationCheck.EnsureCompatible(pending);
            }

            return StepOutcome.Succeeded;
        }
    }
}
