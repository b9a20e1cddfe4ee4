using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A rollback's CheckMigrations: which applied migrations the older release (on a new machine) does not have,
    /// read against a live machine of the release it replaces; journals them, where they will be reverted, each
    /// one's compatibility with the older release (output compatibility) and the maintenance decision (facts
    /// incompatible, maintenanceWhy); refuses irreversible ones, and incompatible ones under Maintenance Never,
    /// before anything serves the older code or the database changes.
    /// </summary>
    internal sealed class CheckRollbackMigrationsStep : ReleaseStep
    {
        public override string Name => ReleaseSteps.CheckRollbackMigrations;

        public override bool Applies(ReleaseContext c) => !c.SwitchStarted;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name);

        public override string? Detail(ReleaseContext c) => $"{c.NewMachines[0].Name} against the live release";

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            RollbackMigrations rollback = await RollbackMigrations.ReadAsync(c, c.NewMachines[0], token).ConfigureAwait(false);
            IReadOnlyList<MigrationDiff> toRevert = rollback.ToRevert;
            c.Release.Reporter.Verbose($"{toRevert.Count} migration(s) to revert on {rollback.NewerMachine.Name}" + (toRevert.Count > 0 ? ": " + string.Join(", ", toRevert.Select(d => d.Key)) : "."));
            await c.Journal.WriteOutputAsync("rollbackRevert", string.Join("\n", toRevert.Select(d => d.Key + (d.Reversible == false ? " (irreversible)" : string.Empty))), token).ConfigureAwait(false);
            var verdicts = await rollback.JudgeAsync(c, token).ConfigureAwait(false);
            await c.Journal.WriteOutputAsync(CheckMigrationsStep.CompatibilityOutput, string.Join("\n", verdicts.Select(v => $"{v.Key}: {v.Verdict}")), token).ConfigureAwait(false);
            string why = MaintenanceDecision.ForRollback(c.Options.Maintenance, verdicts);
            c.Release.Reporter.Verbose($"Maintenance ({c.Options.Maintenance}): {why}.");
            // Pending counts the migration changes the switch waits for (here: reverts), as maintenance Auto reads it;
            // incompatible: the reverts the older release may not run beside (they keep the window, before the switch).
            await c.SetFactsAsync(f => f with
            {
                Pending = toRevert.Count,
                MigrateOn = rollback.NewerMachine.Name,
                Incompatible = verdicts.Where(v => !v.Verdict.Compatible).Select(v => v.Key.ToString()).ToList(),
                MaintenanceWhy = why,
            }, token).ConfigureAwait(false);
            rollback.EnsureRevertable();
            if (c.Options.Maintenance == MaintenancePolicy.Never)
            {
                RollbackMigrations.EnsureCompatible(verdicts);
            }

            return StepOutcome.Succeeded;
        }
    }
}
