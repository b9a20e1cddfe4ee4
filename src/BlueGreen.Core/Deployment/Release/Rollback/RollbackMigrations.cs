using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What a rollback to an older release reverts: the migrations applied to the database that the older release
    /// (on a new machine) does not have, read against a machine of the release it replaces (on the old group), whose
    /// code knows them and so can revert them. The same diff as Get-BgMigrationDiff, with the roles of old and new
    /// turned around: the older code is the state to reach, the newer code runs the revert.
    /// </summary>
    internal sealed class RollbackMigrations
    {
        private RollbackMigrations(Machine newerMachine, ManageCommand olderRelease, ManageCommand newerRelease, IReadOnlyList<MigrationDiff> diffs)
        {
            NewerMachine = newerMachine;
            OlderRelease = olderRelease;
            NewerRelease = newerRelease;
            Diffs = diffs;
        }

        /// <summary>The machine of the release the rollback replaces (the old group), where reverts and re-applies run.</summary>
        internal Machine NewerMachine { get; }

        internal ManageCommand OlderRelease { get; }

        internal ManageCommand NewerRelease { get; }

        internal IReadOnlyList<MigrationDiff> Diffs { get; }

        /// <summary>The reverts to run, one per app (down to what the older release knows).</summary>
        internal IReadOnlyList<MigrationUndoRequest> Requests =>
            Diffs.Where(d => !string.IsNullOrEmpty(d.RevertTarget)).Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToList();

        /// <summary>Migrations the older release does not have and that are applied.</summary>
        internal IReadOnlyList<MigrationDiff> ToRevert => Diffs.Where(d => d.NeedsUndo).ToList();

        internal static async Task<RollbackMigrations> ReadAsync(ReleaseContext c, Machine olderMachine, CancellationToken token)
        {
            ReleaseServices release = c.Release;
            Machine newer = await OldGroupMachine.FindAsync(c, "RollbackSourceGone",
                $"No machine of the release being rolled back is left in {c.FromArn}: only its code knows the migrations to revert. Roll back while it still serves.", token).ConfigureAwait(false);
            ManageCommand older = await release.ManageOnAsync(olderMachine, token).ConfigureAwait(false);
            ManageCommand newerCommand = await release.ManageOnAsync(newer, token).ConfigureAwait(false);
            IReadOnlyList<MigrationDiff> diffs = await new MigrationDiffReader(release.Manage, release.Reporter).ReadAsync(older, newerCommand, token).ConfigureAwait(false);
            return new RollbackMigrations(newer, older, newerCommand, diffs);
        }

        /// <summary>
        /// Each migration to revert judged as Start judges a pending one, from its forward facts read with the newer
        /// code: compatible when the older release keeps working on the schema with it applied. Then the older release
        /// can serve before the revert (switch first) and after it (its own schema), so the revert needs no window.
        /// </summary>
        internal async Task<IReadOnlyList<(MigrationKey Key, CompatibilityVerdict Verdict)>> JudgeAsync(ReleaseContext c, CancellationToken token)
        {
            IReadOnlyList<MigrationKey> keys = ToRevert.Select(d => d.Key).ToList();
            IReadOnlyList<MigrationFacts> facts = await c.Release.Manage.ReadFactsAsync(NewerRelease, keys, token).ConfigureAwait(false);
            return keys.Select((k, i) => (k, MigrationCompatibilityRules.Judge(facts[i]))).ToList();
        }

        /// <summary>Maintenance Never: refuses, naming them, reverts the older release may not survive (they need the window).</summary>
        internal static void EnsureCompatible(IReadOnlyList<(MigrationKey Key, CompatibilityVerdict Verdict)> verdicts)
        {
            var incompatible = verdicts.Where(v => !v.Verdict.Compatible).ToList();
            if (incompatible.Count > 0)
            {
                throw new BlueGreenException(IncompatibleErrorId, FailureCategory.InvalidOperation,
                    $"Maintenance is Never, but the rollback would revert migrations the older release may not run beside: {MaintenanceDecision.Named(incompatible)}. " +
                    "Reverted before the switch, they break the newer release still serving; after it, the older release serves a schema it does not expect. " +
                    "Nothing was switched and the database is unchanged; Undo-BgDeployment removes the machines launched for it. Roll back with -Maintenance Auto (a window around the revert) or Always.",
                    incompatible[0].Key.ToString());
            }
        }

        /// <summary>The error id of a rollback refused under Maintenance Never (see <see cref="EnsureCompatible"/>).</summary>
        internal const string IncompatibleErrorId = "RollbackIncompatible";

        /// <summary>Refuses, naming them, migrations in the way that cannot be reverted (irreversible, or blocked by a squash).</summary>
        internal void EnsureRevertable()
        {
            var irreversible = ToRevert.Where(d => d.Reversible == false).Select(d => d.Key.ToString()).ToList();
            if (irreversible.Count > 0)
            {
                throw new BlueGreenException("RollbackIrreversible", FailureCategory.InvalidOperation,
                    $"Rolling back to this release would revert {string.Join(", ", irreversible)}, which cannot be reverted (no reverse operation). " +
                    "Nothing was switched and the database is unchanged; Undo-BgDeployment removes the machines launched for it. Roll back to a release that has these migrations, or fix forward.",
                    irreversible[0]);
            }

            MigrationDiff? blocked = Diffs.FirstOrDefault(d => d.RevertBlockedReason != null && d.OldState != MigrationState.Applied);
            if (blocked != null)
            {
                throw new BlueGreenException("RollbackBlocked", FailureCategory.InvalidOperation,
                    blocked.RevertBlockedReason + " Nothing was switched and the database is unchanged; Undo-BgDeployment removes the machines launched for it.",
                    blocked.Key.ToString());
            }
        }
    }
}
