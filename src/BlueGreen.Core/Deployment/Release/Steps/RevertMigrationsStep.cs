using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Compensation of Migrate: the new release's migrations reverted on a new machine (its code has the reverse
    /// operations) down to what an old machine's release knows, each step approved, checked after, its manage.py
    /// commands sent to kept-open sessions on both machines. Skipped when the database already matches the old release.
    /// </summary>
    internal sealed class RevertMigrationsStep : ReleaseStep
    {
        private readonly System.Func<ReleaseContext, bool> _applies;
        private Machine? _newMachine;

        internal RevertMigrationsStep(System.Func<ReleaseContext, bool> applies)
        {
            _applies = applies;
        }

        public override string Name => ReleaseSteps.RevertMigrations;

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override string? Detail(ReleaseContext c) => $"on {_newMachine!.Name}";

        public override async Task BeforeAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> news = c.NewMachines.Count > 0 ? c.NewMachines : await c.ExistingNewMachinesAsync(cancellationToken).ConfigureAwait(false);
            _newMachine = news.FirstOrDefault(m => m.Name == c.Facts.MigrateOn) ?? news.First();
        }

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            ReleaseServices release = c.Release;
            Machine newMachine = _newMachine!;
            Machine oldMachine = await OldGroupMachine.FindAsync(c, "OldMachinesGone", "No old machine is left to read the old release's migrations from.", token).ConfigureAwait(false);
            ManageCommand oldCommand = await release.ManageOnAsync(oldMachine, token).ConfigureAwait(false);
            ManageCommand newCommand = await release.ManageOnAsync(newMachine, token).ConfigureAwait(false);
            // The revert reads both machines' migrations, reverts, and reads them again: a handful of manage.py
            // commands, each a Python and Django start of its own (seconds over ssh and docker exec). Two kept-open
            // sessions, opened side by side, make each a line (Manage.Sessions; without them, nothing changes).
            await release.Machines.Sessions.OpenAsync(new[] { oldCommand, newCommand }, token).ConfigureAwait(false);
            IReadOnlyList<MigrationDiff> diffs = await new MigrationDiffReader(release.Manage, release.Reporter).ReadAsync(oldCommand, newCommand, token).ConfigureAwait(false);
            MigrationDiff? blocked = diffs.FirstOrDefault(d => d.RevertBlockedReason != null && d.OldState != MigrationState.Applied);
            if (blocked != null)
            {
                throw new BlueGreenException("RevertBlocked", FailureCategory.InvalidOperation, blocked.RevertBlockedReason + " Traffic was not switched back.", blocked.Key.ToString());
            }

            var requests = diffs.Where(d => !string.IsNullOrEmpty(d.RevertTarget)).Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToList();
            if (requests.Count == 0)
            {
                release.Reporter.Verbose("The database already matches the old release's migrations.");
                return StepOutcome.Skipped;
            }

            IReadOnlyList<MigrationUndoStepResult> results = await new MigrationUndo(release.Manage, c.Approval, release.Reporter).RunAsync(requests, newCommand, token, c.Reverted, newMachine.Name).ConfigureAwait(false);
            await c.Journal.WriteOutputAsync("revert", string.Join("\n", results.Select(x => x.ToString())), CancellationToken.None).ConfigureAwait(false);
            IReadOnlyList<MigrationDiff> after = await new MigrationDiffReader(release.Manage, release.Reporter).ReadAsync(oldCommand, newCommand, token).ConfigureAwait(false);
            List<MigrationDiff> left = after.Where(d => d.NeedsUndo).ToList();
            if (left.Count > 0)
            {
                throw new BlueGreenException("MigrationsNotReverted", FailureCategory.InvalidResult,
                    $"{left.Count} migration(s) of the new release are still applied after the revert ({string.Join(", ", left.Select(d => d.Key))}): a step was declined or did not take. Traffic was not switched back.",
                    left[0].Key.ToString());
            }

            return StepOutcome.Succeeded;
        }
    }
}
