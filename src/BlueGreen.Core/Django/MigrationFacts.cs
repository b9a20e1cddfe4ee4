using System;
using System.Collections.Generic;

namespace BlueGreen.Django
{
    /// <summary>What migration_facts.py read of one pending migration: its operations, and its own declaration.</summary>
    /// <param name="Vendor">The database's vendor (Django's connection.vendor: sqlite, postgresql, mysql, ...).</param>
    /// <param name="Declared">The Migration class's <c>bluegreen_compatible</c> (True or False); null when it has none.</param>
    /// <param name="Irreversible">
    /// Why Django could not unapply it: the IrreversibleError Migration.unapply raises for its first operation that is
    /// not reversible (RunPython without reverse code, RunSQL without reverse SQL, any custom one), e.g. "Operation
    /// &lt;RunPython ...&gt; in orders.0002_x is not reversible"; null when it can be unapplied.
    /// </param>
    public sealed record MigrationFacts(string App, string Name, string Vendor, bool? Declared, IReadOnlyList<OperationFacts> Operations, string? Irreversible = null)
    {
        public IReadOnlyList<OperationFacts> Operations { get; init; } = Operations ?? Array.Empty<OperationFacts>();

        public MigrationKey Key => new MigrationKey(App, Name);
    }
}
