using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Reads the pending migrations on one new machine, journals them (and that machine, where Migrate will run),
    /// and refuses irreversible ones unless allowed. Done once journaled so; no part of it once a switch began.
    /// </summary>
    internal sealed class CheckMigrationsStep : ReleaseStep
    {
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
            await c.SetFactsAsync(f => f with { Pending = pending.Count, MigrateOn = machine.Name }, token).ConfigureAwait(false);
            if (!c.Options.AllowIrreversible)
            {
                PendingMigrationCheck.EnsureReversible(pending);
            }

            return StepOutcome.Succeeded;
        }
    }
}
