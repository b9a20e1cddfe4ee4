namespace BlueGreen.Django
{
    /// <summary>One line of <c>manage.py showmigrations</c>: a migration, its box, and what else the line said.</summary>
    public sealed class ShowMigrationsEntry
    {
        public ShowMigrationsEntry(MigrationKey key, MigrationMark mark, IReadOnlyList<MigrationKey>? dependencies = null, int? squashedCount = null)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Mark = mark;
            Dependencies = dependencies ?? Array.Empty<MigrationKey>();
            SquashedCount = squashedCount;
        }

        public MigrationKey Key { get; }

        public MigrationMark Mark { get; }

        /// <summary><c>[X]</c> or <c>[-]</c>: Django's loader counts both as applied.</summary>
        public bool IsApplied => Mark != MigrationMark.NotApplied;

        /// <summary>Direct dependencies (verbosity 2 of <c>--plan</c>); empty otherwise.</summary>
        public IReadOnlyList<MigrationKey> Dependencies { get; }

        /// <summary>For a squashed migration in the list format, how many migrations it replaces; null otherwise.</summary>
        public int? SquashedCount { get; }

        public override string ToString() => (IsApplied ? "[X] " : "[ ] ") + Key;
    }
}
