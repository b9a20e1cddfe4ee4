namespace BlueGreen.Django
{
    /// <summary>
    /// Plans an undo: one <c>migrate &lt;app&gt; &lt;target&gt;</c> per app, apps that depend on others first, and checks
    /// the plan against a model of what Django does before anything runs.
    /// </summary>
    /// <remarks>
    /// Django's backwards migrate does not stop at the app: <c>migrate catalog 0001</c> also unapplies every applied
    /// migration in any app that depends on catalog.0002 or later. So the planner simulates each step on the new
    /// release's dependency graph (<see cref="MigrationGraph.MigrateBackwards"/>): a step may unapply only migrations
    /// the old release did not have applied (else error, naming them), a step that has nothing left to do because an
    /// earlier step's cascade did it is dropped, and at the end every migration to undo must be unapplied (else
    /// error: with branched migrations one target per app cannot always express the old state).
    /// Order: an app whose migrations to undo depend on another app's migrations to undo goes first (it would be
    /// unapplied by the other's cascade anyway; going first makes each step's confirmation name exactly what it does);
    /// ties and cycles go by the newest migration to undo, latest in the plan first.
    /// </remarks>
    public static class MigrationUndoPlanner
    {
        public static MigrationUndoPlan Plan(ShowMigrationsPlan currentNewPlan, IEnumerable<MigrationUndoRequest> requests)
        {
            var graph = new MigrationGraph(currentNewPlan);
            MigrationUndoRequest[] all = requests.ToArray();

            var targets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (MigrationUndoRequest request in all)
            {
                if (targets.TryGetValue(request.Key.App, out string? existing) && existing != request.RevertTarget)
                {
                    throw new BlueGreenException("ConflictingRevertTargets", FailureCategory.InvalidArgument,
                        $"The input asks to revert app {request.Key.App} both to {existing} and to {request.RevertTarget}. Pipe the output of a single Get-BgMigrationDiff run.",
                        request.Key.App);
                }

                targets[request.Key.App] = request.RevertTarget;
            }

            MigrationUndoRequest[] unknown = all.Where(request => request.MustBeUnapplied && !currentNewPlan.Contains(request.Key)).ToArray();
            if (unknown.Length > 0)
            {
                throw new BlueGreenException("MigrationNotInNewRelease", FailureCategory.ObjectNotFound,
                    $"The new release's migration plan does not have {Join(unknown.Select(r => r.Key))}. Run the undo with the manage command of the release that applied them (the one Get-BgMigrationDiff was given as -NewManageCommand).",
                    unknown[0].Key.ToString());
            }

            var applied = new HashSet<MigrationKey>(currentNewPlan.AppliedKeys);
            var toUnapply = new HashSet<MigrationKey>(all.Where(r => r.MustBeUnapplied && applied.Contains(r.Key)).Select(r => r.Key));
            MigrationKey[] alreadyUnapplied = all.Where(r => r.MustBeUnapplied && !applied.Contains(r.Key)).Select(r => r.Key).ToArray();
            var expected = new HashSet<MigrationKey>(applied.Except(toUnapply));

            var steps = new List<MigrationUndoStep>();
            foreach (string app in OrderApps(toUnapply, graph))
            {
                string target = targets[app];
                if (target != MigrationNameRules.Zero)
                {
                    var targetKey = new MigrationKey(app, target);
                    if (!currentNewPlan.Contains(targetKey))
                    {
                        throw new BlueGreenException("RevertTargetNotInNewRelease", FailureCategory.InvalidOperation,
                            $"Cannot revert {app} to {target}: the new release's migration graph does not have {targetKey} (a squashed migration of the new release probably replaces it, and Django cannot migrate to a migration inside a squash). Nothing was changed.",
                            targetKey.ToString());
                    }

                    if (!applied.Contains(targetKey))
                    {
                        throw new BlueGreenException("RevertTargetNotApplied", FailureCategory.InvalidOperation,
                            $"Cannot revert {app} to {target}: {targetKey} is not applied{(expected.Contains(targetKey) ? string.Empty : " after the earlier steps")}, so 'migrate {app} {target}' would apply migrations instead of unapplying them. Nothing was changed; compare the releases again with Get-BgMigrationDiff.",
                            targetKey.ToString());
                    }
                }

                IReadOnlyList<MigrationKey> unapplies = graph.MigrateBackwards(app, target, applied);
                MigrationKey[] kept = unapplies.Where(key => !toUnapply.Contains(key)).ToArray();
                if (kept.Length > 0)
                {
                    throw new BlueGreenException("UndoWouldUnapplyOldMigrations", FailureCategory.InvalidOperation,
                        $"'migrate {app} {target}' would also unapply {Join(kept)}, which the old release has applied (Django unapplies everything that depends on what it unapplies). Nothing was changed; revert these apps by hand.",
                        app);
                }

                if (unapplies.Count > 0)
                {
                    steps.Add(new MigrationUndoStep(app, target, unapplies));
                }
            }

            MigrationKey[] left = toUnapply.Where(applied.Contains).OrderBy(currentNewPlan.PositionOf).ToArray();
            if (left.Length > 0)
            {
                throw new BlueGreenException("UndoCannotReachOldState", FailureCategory.InvalidOperation,
                    $"One 'migrate <app> <target>' per app would leave {Join(left)} applied (the app's migrations branch, so no single target unapplies them without unapplying migrations the old release has). Nothing was changed; revert these migrations by hand.",
                    left[0].ToString());
            }

            return new MigrationUndoPlan(steps, expected, alreadyUnapplied);
        }

        private static IEnumerable<string> OrderApps(ISet<MigrationKey> toUnapply, MigrationGraph graph)
        {
            Dictionary<string, int> newest = toUnapply.GroupBy(key => key.App)
                .ToDictionary(group => group.Key, group => group.Max(graph.Plan.PositionOf), StringComparer.Ordinal);

            // mustPrecede[a] = apps that must go before a (their migrations to undo depend on a's).
            var mustPrecede = newest.Keys.ToDictionary(app => app, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (MigrationKey key in toUnapply)
            {
                foreach (MigrationKey parent in graph.ParentsOf(key))
                {
                    if (parent.App != key.App && toUnapply.Contains(parent))
                    {
                        mustPrecede[parent.App].Add(key.App);
                    }
                }
            }

            var remaining = new HashSet<string>(newest.Keys, StringComparer.Ordinal);
            while (remaining.Count > 0)
            {
                string[] ready = remaining.Where(app => !mustPrecede[app].Overlaps(remaining)).ToArray();
                string next = (ready.Length > 0 ? ready : remaining.ToArray())
                    .OrderByDescending(app => newest[app]).ThenBy(app => app, StringComparer.Ordinal).First();
                remaining.Remove(next);
                yield return next;
            }
        }

        internal static string Join(IEnumerable<MigrationKey> keys) => string.Join(", ", keys.Select(key => key.ToString()));
    }
}
