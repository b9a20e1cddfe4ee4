namespace BlueGreen.Django
{
    /// <summary>
    /// What <c>manage.py showmigrations --plan</c> printed: every migration the release knows, in the order Django
    /// applies them (a topological order of the dependency graph), each applied or not. With verbosity 2 it also
    /// carries the dependency graph.
    /// </summary>
    public sealed class ShowMigrationsPlan
    {
        private readonly Dictionary<MigrationKey, int> _positions;

        public ShowMigrationsPlan(IReadOnlyList<ShowMigrationsEntry> entries, bool hasDependencies)
        {
            Entries = entries;
            HasDependencies = hasDependencies;
            _positions = new Dictionary<MigrationKey, int>();
            for (int index = 0; index < entries.Count; index++)
            {
                _positions[entries[index].Key] = index;
            }
        }

        public IReadOnlyList<ShowMigrationsEntry> Entries { get; }

        /// <summary>True when the output came from verbosity 2 (dependency suffixes are meaningful, even if none is printed).</summary>
        public bool HasDependencies { get; }

        public bool Contains(MigrationKey key) => _positions.ContainsKey(key);

        public ShowMigrationsEntry? Find(MigrationKey key) => _positions.TryGetValue(key, out int index) ? Entries[index] : null;

        /// <summary>Position in the plan (apply order); -1 when absent.</summary>
        public int PositionOf(MigrationKey key) => _positions.TryGetValue(key, out int index) ? index : -1;

        public MigrationState StateOf(MigrationKey key)
        {
            ShowMigrationsEntry? entry = Find(key);
            return entry == null ? MigrationState.Absent : entry.IsApplied ? MigrationState.Applied : MigrationState.NotApplied;
        }

        public IEnumerable<MigrationKey> AppliedKeys => Entries.Where(entry => entry.IsApplied).Select(entry => entry.Key);
    }
}
