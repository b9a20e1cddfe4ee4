namespace BlueGreen.Django
{
    /// <summary>
    /// Whether the running release survives a migration, and why: the operation that decided it (Django's
    /// description), the SQL line that shows it (null when there is none, e.g. RunPython), and the reason in words.
    /// </summary>
    public sealed record CompatibilityVerdict(MigrationCompatibility Compatibility, string Operation, string? Sql, string Reason)
    {
        public bool Compatible => Compatibility == MigrationCompatibility.Compatible;

        /// <summary>One line for messages and the journal: "incompatible: Remove field legacy from item: drops column ... [ALTER TABLE ...]".</summary>
        public override string ToString() =>
            $"{Compatibility.ToString().ToLowerInvariant()}: {Operation}: {Reason}" + (Sql == null ? string.Empty : $" [{Sql}]");
    }
}
