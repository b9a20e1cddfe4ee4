using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Compares the old release's <c>showmigrations --plan</c> with the new release's (both against the same database)
    /// and works out, per app, the target that brings it back to the old release's state.
    /// </summary>
    /// <remarks>
    /// Squashed migrations: when the new release squashes migrations the old release knows and the database has all
    /// or none of them, Django hides the replaced migrations and shows the squash instead. The replaced ones are
    /// recognised as the old-release migrations of the app missing from the new plan; when the app has exactly one
    /// squashed migration replacing exactly that many (list format: "(N squashed migrations)"), the squash stands
    /// for them: it counts as applied by the old release if they all were, and becomes the revert target when the
    /// newest of them is. Otherwise the revert target lies inside a squash, which Django cannot migrate to, and the
    /// app's revert is blocked with the reason.
    /// </remarks>
    public static class MigrationDiffCalculator
    {
        /// <summary>Old-release migrations the new plan does not show (replaced by a squash, or deleted).</summary>
        public static IReadOnlyList<MigrationKey> HiddenInNewRelease(ShowMigrationsPlan oldPlan, ShowMigrationsPlan newPlan) =>
            oldPlan.Entries.Select(entry => entry.Key).Where(key => !newPlan.Contains(key)).ToArray();

        /// <param name="newList">The new release's list format; needed only when <see cref="HiddenInNewRelease"/> is not empty.</param>
        public static IReadOnlyList<MigrationDiff> Compare(ShowMigrationsPlan oldPlan, ShowMigrationsPlan newPlan, ShowMigrationsList? newList, ManageCommand newRelease)
        {
            ILookup<string, MigrationKey> hidden = HiddenInNewRelease(oldPlan, newPlan).ToLookup(key => key.App);

            // App -> the squash of the new release that stands for the app's hidden migrations.
            var squashFor = new Dictionary<string, MigrationKey>();
            if (newList != null)
            {
                foreach (IGrouping<string, MigrationKey> app in hidden)
                {
                    ShowMigrationsEntry[] squashes = newList.SquashedMigrationsOf(app.Key)
                        .Where(entry => newPlan.Contains(entry.Key) && !oldPlan.Contains(entry.Key)).ToArray();
                    if (squashes.Length == 1 && squashes[0].SquashedCount == app.Count())
                    {
                        squashFor[app.Key] = squashes[0].Key;
                    }
                }
            }

            MigrationState OldStateOf(MigrationKey key)
            {
                if (squashFor.TryGetValue(key.App, out MigrationKey? squash) && squash.Equals(key))
                {
                    MigrationKey[] replaced = hidden[key.App].ToArray();
                    if (replaced.All(k => oldPlan.StateOf(k) == MigrationState.Applied))
                    {
                        return MigrationState.Applied;
                    }

                    if (replaced.All(k => oldPlan.StateOf(k) == MigrationState.NotApplied))
                    {
                        return MigrationState.NotApplied;
                    }
                }

                return oldPlan.StateOf(key);
            }

            var differences = new List<(MigrationKey Key, MigrationState Old, MigrationState New)>();
            foreach (ShowMigrationsEntry entry in newPlan.Entries)
            {
                MigrationState oldState = OldStateOf(entry.Key);
                MigrationState newState = newPlan.StateOf(entry.Key);
                if (oldState != newState)
                {
                    differences.Add((entry.Key, oldState, newState));
                }
            }

            foreach (MigrationKey key in hidden.SelectMany(app => app))
            {
                if (!squashFor.ContainsKey(key.App))
                {
                    differences.Add((key, oldPlan.StateOf(key), MigrationState.Absent));
                }
            }

            var targets = new Dictionary<string, (string Target, string? Blocked)>();
            foreach (string app in differences.Where(d => d.New == MigrationState.Applied && d.Old != MigrationState.Applied).Select(d => d.Key.App).Distinct())
            {
                targets[app] = RevertTargetOf(app, oldPlan, newPlan, newList, hidden[app].ToArray(), squashFor.TryGetValue(app, out MigrationKey? s) ? s : null);
            }

            return differences
                .Select(d => targets.TryGetValue(d.Key.App, out var target)
                    ? new MigrationDiff(d.Key, d.Old, d.New, target.Target, target.Blocked, newRelease)
                    : new MigrationDiff(d.Key, d.Old, d.New, null, null, newRelease))
                .ToArray();
        }

        private static (string Target, string? Blocked) RevertTargetOf(string app, ShowMigrationsPlan oldPlan, ShowMigrationsPlan newPlan,
            ShowMigrationsList? newList, MigrationKey[] hidden, MigrationKey? squash)
        {
            MigrationKey? newestApplied = oldPlan.Entries.LastOrDefault(entry => entry.Key.App == app && entry.IsApplied)?.Key;
            if (newestApplied == null)
            {
                return (MigrationNameRules.Zero, null);
            }

            if (newPlan.Contains(newestApplied))
            {
                return (newestApplied.Name, null);
            }

            if (squash != null && hidden.All(key => oldPlan.StateOf(key) == MigrationState.Applied))
            {
                return (squash.Name, null);
            }

            IReadOnlyList<ShowMigrationsEntry> squashes = newList?.SquashedMigrationsOf(app) ?? new ShowMigrationsEntry[0];
            string inside = squashes.Count == 0
                ? "the new release does not have it (its migration file was removed)"
                : $"the new release replaces it with the squashed migration {string.Join(", ", squashes.Select(s => $"{s.Key} ({s.SquashedCount} migrations)"))}, and Django cannot migrate to a migration inside a squash";
            return (newestApplied.Name,
                $"{newestApplied}, the newest {app} migration the old release has applied, is not in the new release's migration graph: {inside}. " +
                "Revert this app by hand (for example with the old release's code after unapplying the squash), or deploy a release that keeps the replaced migrations.");
        }
    }
}
