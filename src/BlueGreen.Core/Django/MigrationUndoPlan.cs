namespace BlueGreen.Django
{
    /// <summary>The steps of an undo, in the order they run, and the applied set the database must have afterwards.</summary>
    public sealed class MigrationUndoPlan
    {
        public MigrationUndoPlan(IReadOnlyList<MigrationUndoStep> steps, IReadOnlyCollection<MigrationKey> expectedApplied,
            IReadOnlyList<MigrationKey> alreadyUnapplied)
        {
            Steps = steps;
            ExpectedApplied = expectedApplied;
            AlreadyUnapplied = alreadyUnapplied;
        }

        public IReadOnlyList<MigrationUndoStep> Steps { get; }

        /// <summary>Applied migrations (as the new release sees them) once every step has run.</summary>
        public IReadOnlyCollection<MigrationKey> ExpectedApplied { get; }

        /// <summary>Requested migrations that are not applied any more: nothing to do for them.</summary>
        public IReadOnlyList<MigrationKey> AlreadyUnapplied { get; }

        public bool IsEmpty => Steps.Count == 0;
    }
}
