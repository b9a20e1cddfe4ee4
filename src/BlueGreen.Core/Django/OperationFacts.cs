using System;
using System.Collections.Generic;

namespace BlueGreen.Django
{
    /// <summary>
    /// One operation of a pending migration as migration_facts.py read it on the new release: its class, Django's
    /// description, the SQL Django would run for it, the table and whether the database has it now, and the column
    /// before and after (field operations).
    /// </summary>
    /// <param name="ReducesToSql">False for RunPython (Django cannot write it as SQL).</param>
    /// <param name="AddedTogether">AlterUniqueTogether / AlterIndexTogether: the field sets it adds.</param>
    /// <param name="Unique">AddConstraint / RemoveConstraint: whether the constraint is a UniqueConstraint.</param>
    public sealed record OperationFacts(string Type, string Describe, IReadOnlyList<string> Sql, bool ReducesToSql,
        string? Table = null, bool TableExists = false, ColumnFacts? Before = null, ColumnFacts? After = null,
        bool? Unique = null, IReadOnlyList<string>? AddedTogether = null)
    {
        public IReadOnlyList<string> Sql { get; init; } = Sql ?? Array.Empty<string>();
    }
}
