namespace BlueGreen.Django
{
    /// <summary>
    /// One migration handed to an undo (usually a <see cref="MigrationDiff"/> from the pipeline): which migration,
    /// whether the old release had it applied, and the migrate target of its app.
    /// </summary>
    public sealed class MigrationUndoRequest
    {
        public MigrationUndoRequest(string app, string name, MigrationState oldState, string revertTarget)
        {
            Key = new MigrationKey(app, name);
            OldState = oldState;
            RevertTarget = MigrationNameRules.ValidateTarget(revertTarget);
        }

        public MigrationKey Key { get; }

        public MigrationState OldState { get; }

        public string RevertTarget { get; }

        /// <summary>The old release did not have it applied: the undo must leave it unapplied.</summary>
        public bool MustBeUnapplied => OldState != MigrationState.Applied;

        public override string ToString() => $"{Key} (old release: {OldState}, target {Key.App} {RevertTarget})";
    }
}
