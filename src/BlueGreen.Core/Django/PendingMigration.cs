namespace BlueGreen.Django
{
    /// <summary>A migration a release would apply (Test-BgMigration's output) and whether Django could unapply it later.</summary>
    public sealed class PendingMigration
    {
        public PendingMigration(PlannedMigration planned, string? irreversibleReason)
        {
            Key = planned.Key;
            Operations = planned.Operations.Select(operation => operation.Description).ToArray();
            IrreversibleReason = irreversibleReason;
        }

        public MigrationKey Key { get; }

        public string App => Key.App;

        public string Name => Key.Name;

        /// <summary>False when a rollback could not unapply it (Django's IrreversibleError).</summary>
        public bool Reversible => IrreversibleReason == null;

        /// <summary>Django's reason, e.g. "Operation &lt;RunPython ...&gt; in orders.0002_x is not reversible"; null when reversible.</summary>
        public string? IrreversibleReason { get; }

        /// <summary>The operations as <c>migrate --plan</c> describes them.</summary>
        public IReadOnlyList<string> Operations { get; }

        /// <summary>The machine whose release was checked; null when it was checked with an explicit manage command.</summary>
        public string? Machine { get; internal set; }

        public override string ToString() => Key.ToString();
    }
}
