namespace BlueGreen.Django
{
    /// <summary>
    /// The dependency graph of one release, as <c>showmigrations --plan -v 2</c> prints it (after Django has applied
    /// squash replacements), with the parts of Django's MigrationGraph that decide what a backwards migrate unapplies.
    /// </summary>
    public sealed class MigrationGraph
    {
        private readonly Dictionary<MigrationKey, List<MigrationKey>> _children = new Dictionary<MigrationKey, List<MigrationKey>>();

        public MigrationGraph(ShowMigrationsPlan plan)
        {
            if (!plan.HasDependencies)
            {
                throw new BlueGreenException("DependenciesMissing", FailureCategory.InvalidArgument,
                    "The migration plan has no dependency information: read it with 'showmigrations --plan -v 2'.");
            }

            Plan = plan;
            foreach (ShowMigrationsEntry entry in plan.Entries)
            {
                _children[entry.Key] = new List<MigrationKey>();
            }

            foreach (ShowMigrationsEntry entry in plan.Entries)
            {
                foreach (MigrationKey parent in entry.Dependencies)
                {
                    _children[parent].Add(entry.Key);
                }
            }
        }

        public ShowMigrationsPlan Plan { get; }

        public IReadOnlyList<MigrationKey> ParentsOf(MigrationKey key) => Plan.Find(key)?.Dependencies ?? throw NotInGraph(key);

        public IReadOnlyList<MigrationKey> ChildrenOf(MigrationKey key) =>
            _children.TryGetValue(key, out List<MigrationKey>? children) ? children : throw NotInGraph(key);

        /// <summary>Migrations of <paramref name="app"/> with no dependency inside their app (Django's root_nodes(app)).</summary>
        public IEnumerable<MigrationKey> RootsOf(string app) =>
            Plan.Entries.Where(entry => entry.Key.App == app && entry.Dependencies.All(parent => parent.App != app)).Select(entry => entry.Key);

        /// <summary><paramref name="key"/> and everything that depends on it, directly or not (Django's backwards_plan).</summary>
        public ISet<MigrationKey> DependentsOf(MigrationKey key)
        {
            var found = new HashSet<MigrationKey>();
            var pending = new Stack<MigrationKey>();
            pending.Push(key);
            while (pending.Count > 0)
            {
                MigrationKey current = pending.Pop();
                if (found.Add(current))
                {
                    foreach (MigrationKey child in ChildrenOf(current))
                    {
                        pending.Push(child);
                    }
                }
            }

            return found;
        }

        /// <summary>
        /// What <c>manage.py migrate &lt;app&gt; &lt;target&gt;</c> unapplies from <paramref name="applied"/>, mirroring
        /// Django's MigrationExecutor.migration_plan: for "zero", every root of the app and all its dependents; for an
        /// applied target, the target's children in its own app and all their dependents (in any app). The result is
        /// in unapply order (newest first) and is removed from <paramref name="applied"/>.
        /// </summary>
        public IReadOnlyList<MigrationKey> MigrateBackwards(string app, string target, ISet<MigrationKey> applied)
        {
            IEnumerable<MigrationKey> starts;
            if (target == MigrationNameRules.Zero)
            {
                starts = RootsOf(app);
            }
            else
            {
                var targetKey = new MigrationKey(app, target);
                if (!applied.Contains(targetKey))
                {
                    throw new InvalidOperationException($"{targetKey} is not applied: migrate would apply forwards.");
                }

                starts = ChildrenOf(targetKey).Where(child => child.App == app);
            }

            var unapplied = new HashSet<MigrationKey>();
            foreach (MigrationKey start in starts)
            {
                unapplied.UnionWith(DependentsOf(start).Where(applied.Contains));
            }

            applied.ExceptWith(unapplied);
            return unapplied.OrderByDescending(Plan.PositionOf).ToArray();
        }

        private static BlueGreenException NotInGraph(MigrationKey key) =>
            new BlueGreenException("MigrationNotInGraph", FailureCategory.ObjectNotFound, $"{key} is not in the release's migration plan.", key.ToString());
    }
}
