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
        /// <summary>Start: whether MaintenanceOn applies, and why (the fact maintenanceWhy).</summary>
        internal static (bool Window, string Why) ForRelease(MaintenancePolicy policy, IReadOnlyList<PendingMigration> pending)
        {
            List<PendingMigration> incompatible = pending.Where(p => !p.Compatible).ToList();
            return policy switch
            {
                MaintenancePolicy.Always => (true, "window: Maintenance is Always"),
                MaintenancePolicy.Never => (false, "no window: Maintenance is Never" + (pending.Count == 0 ? string.Empty : $" (every pending migration ({pending.Count}) is compatible with the running release)")),
                _ when pending.Count == 0 => (false, "no window: no migration is pending"),
                _ when incompatible.Count == 0 => (false, $"no window: every pending migration ({pending.Count}) is compatible with the running release; migrate while it serves, then switch"),
                _ => (true, $"window: {incompatible.Count} of {pending.Count} pending migration(s) the running release may not survive: " +
                    string.Join("; ", incompatible.Select(p => $"{p.Key} ({p.Verdict})"))),
            };
        }

        /// <summary>Whether Start needs the window, from the journal (a deployment journaled before compatibility was judged: as before, a window when migrations are pending).</summary>
        internal static bool NeedsWindow(MaintenancePolicy policy, DeploymentFacts facts) =>
            policy == MaintenancePolicy.Always || (policy == MaintenancePolicy.Auto && facts.Pending != 0 && !facts.AllCompatible);

        /// <summary>Undo and the automatic rollback: revert under a window (before traffic goes back) unless the migrations were compatible or the policy is Never.</summary>
        internal static bool RevertUnderWindow(MaintenancePolicy policy, DeploymentFacts facts) =>
            policy != MaintenancePolicy.Never && !facts.AllCompatible;

        /// <summary>The reason the journal keeps for the undo's order (the fact undoWhy).</summary>
        internal static string ForUndo(MaintenancePolicy policy, DeploymentFacts facts, bool migrationsLeft)
        {
            if (!migrationsLeft)
            {
                return "no window: no migration of the deployment is left to revert";
            }

            if (policy == MaintenancePolicy.Never)
            {
                return "no window: Maintenance is Never; traffic back first, then revert";
            }

            return facts.AllCompatible
                ? "no window: the migrations to revert were compatible with the old release; traffic back first, then revert"
                : facts.Incompatible == null
                    ? "window: the migrations' compatibility was not judged when they were applied; revert under maintenance, then traffic back"
                    : $"window: {string.Join(", ", facts.Incompatible)} incompatible with the old release; revert under maintenance, then traffic back";
        }
    }
}
