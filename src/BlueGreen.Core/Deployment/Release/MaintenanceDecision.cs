using System.Collections.Generic;
using System.Linq;
using BlueGreen.Configuration;
using BlueGreen.Django;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Whether a release or its undo needs a maintenance window, from the policy and the pending migrations'
    /// compatibility with the running release, with the reason the journal keeps. Auto: no window when every pending
    /// migration is compatible (migrate while the old release serves, then switch); a window when one is not (or
    /// was never judged). Always: a window. Never: no window, and an incompatible migration refuses the deployment.
    /// </summary>
    internal static class MaintenanceDecision
    {
        private static readonly IReadOnlyList<PendingMigration> None = System.Array.Empty<PendingMigration>();

        /// <summary>
        /// Start: whether MaintenanceOn applies, and why (the fact maintenanceWhy); with Auto and a window, which
        /// compatible migrations run before it opens (the fact beforeWindow): those no incompatible one precedes in
        /// the plan. Django applies in plan order, so a compatible migration after an incompatible one (it may depend
        /// on it) waits for the window.
        /// </summary>
        internal static (bool Window, string Why, IReadOnlyList<PendingMigration> BeforeWindow) ForRelease(MaintenancePolicy policy, IReadOnlyList<PendingMigration> pending)
        {
            List<PendingMigration> incompatible = pending.Where(p => !p.Compatible).ToList();
            if (policy != MaintenancePolicy.Auto || pending.Count == 0 || incompatible.Count == 0)
            {
                return policy switch
                {
                    MaintenancePolicy.Always => (true, "window: Maintenance is Always", None),
                    MaintenancePolicy.Never => (false, "no window: Maintenance is Never" + (pending.Count == 0 ? string.Empty : $" (every pending migration ({pending.Count}) is compatible with the running release)"), None),
                    _ when pending.Count == 0 => (false, "no window: no migration is pending", None),
                    _ => (false, $"no window: every pending migration ({pending.Count}) is compatible with the running release; migrate while it serves, then switch", None),
                };
            }

            List<PendingMigration> before = pending.TakeWhile(p => p.Compatible).ToList();
            List<PendingMigration> waiting = pending.Skip(before.Count).Where(p => p.Compatible).ToList();
            string why = $"window: {incompatible.Count} of {pending.Count} pending migration(s) the running release may not survive: " +
                string.Join("; ", incompatible.Select(p => $"{p.Key} ({p.Verdict})"));
            if (before.Count > 0)
            {
                why += $"; first, while it serves: {string.Join(", ", before.Select(p => p.Key))} (compatible, no incompatible one before them in the plan)";
            }

            if (waiting.Count > 0)
            {
                why += $"; inside the window though compatible: {string.Join(", ", waiting.Select(p => p.Key))} (after an incompatible one in the plan)";
            }

            return (true, why, before);
        }

        /// <summary>
        /// A rollback to an older release: why its reverts get a window or not (the fact maintenanceWhy; the flow
        /// decides from the facts, <see cref="RevertAfterSwitch"/>). Reverting a migration runs its reverse operation
        /// under whichever release serves meanwhile. Before the switch that is the newer release, which uses what the
        /// revert takes away (a column, a table) or cannot write what it puts back (a NOT NULL column it does not
        /// know); after the switch it is the older release, which is fine on both schemas exactly when the migration,
        /// applied, is compatible with it (as Start judges it). So: every revert compatible, switch first and revert
        /// while the older release serves, with no window (Never too); one not, a window around the revert, before
        /// the switch (Never: refused at the check).
        /// </summary>
        internal static string ForRollback(MaintenancePolicy policy, IReadOnlyList<(MigrationKey Key, CompatibilityVerdict Verdict)> toRevert)
        {
            var incompatible = toRevert.Where(v => !v.Verdict.Compatible).ToList();
            string named = Named(incompatible);
            return policy switch
            {
                _ when toRevert.Count == 0 => policy == MaintenancePolicy.Always ? "window: Maintenance is Always" : "no window: no migration to revert",
                MaintenancePolicy.Always => "window: Maintenance is Always; revert under maintenance, then switch",
                _ when incompatible.Count == 0 => $"no window: every migration to revert ({toRevert.Count}) is compatible with the older release (it runs on the newer schema); switch to it first, then revert while it serves",
                MaintenancePolicy.Never => "no window: Maintenance is Never, and reverts the older release may not run beside are refused: " + named,
                _ => $"window: {incompatible.Count} of {toRevert.Count} migration(s) to revert the older release may not run beside, and whose revert the newer release still serving may not survive: " +
                    named + "; revert under maintenance, then switch",
            };
        }

        /// <summary>Migrations with their verdicts, as decisions and refusals name them: <c>app.name (why); ...</c>.</summary>
        internal static string Named(IEnumerable<(MigrationKey Key, CompatibilityVerdict Verdict)> verdicts) =>
            string.Join("; ", verdicts.Select(v => $"{v.Key} ({v.Verdict})"));

        /// <summary>
        /// A rollback reverts after the switch, with no window: its reverts were judged (journaled before this rule
        /// existed: before the switch, as then) and need none.
        /// </summary>
        internal static bool RevertAfterSwitch(MaintenancePolicy policy, DeploymentFacts facts) =>
            facts.Incompatible != null && !NeedsWindow(policy, facts);

        /// <summary>The reason the journal keeps for the order of a rollback's undo (the fact undoWhy): its reverts re-applied, then traffic back.</summary>
        internal static string ForUndoRollback(MaintenancePolicy policy, DeploymentFacts facts, bool mayHaveReverted) =>
            !mayHaveReverted ? "no window: the rollback reverted no migration"
            : policy == MaintenancePolicy.Never ? "no window: Maintenance is Never; re-apply the reverted migrations, then traffic back"
            : facts.AllCompatible ? "no window: the reverted migrations are compatible with the older release; re-apply them while it serves, then traffic back"
            : $"window: {(facts.Incompatible == null ? "the reverted migrations' compatibility was not judged" : string.Join(", ", facts.Incompatible) + " incompatible with the older release")}; re-apply under maintenance, then traffic back";

        /// <summary>Whether Start needs the window, from the journal (a deployment journaled before compatibility was judged: as before, a window when migrations are pending).</summary>
        internal static bool NeedsWindow(MaintenancePolicy policy, DeploymentFacts facts) =>
            policy == MaintenancePolicy.Always || (policy == MaintenancePolicy.Auto && facts.Pending != 0 && !facts.AllCompatible);

        /// <summary>
        /// Undo and the automatic rollback: revert under a window (before traffic goes back) unless the migrations
        /// were compatible, or only those run before the window were applied (<paramref name="onlyBeforeWindow"/>: the
        /// window's part never began), or the policy is Never.
        /// </summary>
        internal static bool RevertUnderWindow(MaintenancePolicy policy, DeploymentFacts facts, bool onlyBeforeWindow = false) =>
            policy != MaintenancePolicy.Never && !facts.AllCompatible && !onlyBeforeWindow;

        /// <summary>The reason the journal keeps for the undo's order (the fact undoWhy).</summary>
        internal static string ForUndo(MaintenancePolicy policy, DeploymentFacts facts, bool migrationsLeft, bool onlyBeforeWindow = false)
        {
            if (!migrationsLeft)
            {
                return "no window: no migration of the deployment is left to revert";
            }

            if (policy == MaintenancePolicy.Never)
            {
                return "no window: Maintenance is Never; traffic back first, then revert";
            }

            if (!facts.AllCompatible && onlyBeforeWindow)
            {
                return $"no window: only the migrations run before the window ({string.Join(", ", facts.BeforeWindow ?? System.Array.Empty<string>())}), compatible with the old release, may be applied; traffic back first, then revert";
            }

            return facts.AllCompatible
                ? "no window: the migrations to revert were compatible with the old release; traffic back first, then revert"
                : facts.Incompatible == null
                    ? "window: the migrations' compatibility was not judged when they were applied; revert under maintenance, then traffic back"
                    : $"window: {string.Join(", ", facts.Incompatible)} incompatible with the old release; revert under maintenance, then traffic back";
        }
    }
}
