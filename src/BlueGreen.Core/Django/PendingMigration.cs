namespace BlueGreen.Django
{
    /// <summary>
    /// A migration a release would apply (Test-BgMigration's output): whether Django could unapply it later, and
    /// whether the release now serving keeps working once it is applied (with the operation and SQL line that decided).
    /// </summary>
    public sealed class PendingMigration
    {
        public PendingMigration(PlannedMigration planned, string? irreversibleReason, CompatibilityVerdict? verdict = null)
        {
            Verdict = verdict ?? new CompatibilityVerdict(MigrationCompatibility.Unknown, string.Empty, null, "not judged");
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

        /// <summary>Whether the running release survives it; Unknown is treated as Incompatible.</summary>
        public MigrationCompatibility Compatibility => Verdict.Compatibility;

        /// <summary>True when it may run while the old release serves (no maintenance window needed).</summary>
        public bool Compatible => Verdict.Compatible;

        /// <summary>Why, in words (e.g. "drops column legacy, which the running release still reads and writes").</summary>
        public string Why => Verdict.Reason;

        /// <summary>The operation that decided, as Django describes it (e.g. "Remove field legacy from item").</summary>
        public string Operation => Verdict.Operation;

        /// <summary>The SQL line that shows it (from the SQL Django would run on this database); null when none (RunPython).</summary>
        public string? Sql => Verdict.Sql;

        public CompatibilityVerdict Verdict { get; }

        /// <summary>The operations as <c>migrate --plan</c> describes them.</summary>
        public IReadOnlyList<string> Operations { get; }

        /// <summary>The machine whose release was checked; null when it was checked with an explicit manage command.</summary>
        public string? Machine { get; internal set; }

        public override string ToString() => Key.ToString();
    }
}
