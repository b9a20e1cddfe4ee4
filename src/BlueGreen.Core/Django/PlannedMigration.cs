namespace BlueGreen.Django
{
    /// <summary>One migration in the output of <c>migrate --plan</c> with the operations Django would run for it.</summary>
    public sealed class PlannedMigration
    {
        public PlannedMigration(MigrationKey key, IReadOnlyList<PlannedOperation> operations)
        {
            Key = key;
            Operations = operations;
        }

        public MigrationKey Key { get; }

        public IReadOnlyList<PlannedOperation> Operations { get; }

        public bool IsIrreversible => Operations.Any(operation => operation.IsIrreversible);

        public override string ToString() => Key.ToString();
    }
}
