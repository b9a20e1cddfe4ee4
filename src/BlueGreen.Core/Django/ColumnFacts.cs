namespace BlueGreen.Django
{
    /// <summary>A column as Django would define it on the database's vendor (from migration_facts.py): its name, type, and constraints.</summary>
    /// <param name="Type">The vendor's column type (e.g. varchar(20), bigint); null for a many-to-many field (a table, no column).</param>
    /// <param name="DbDefault">Whether the column keeps a default in the database (Django 5's db_default; Django drops every other default).</param>
    public sealed record ColumnFacts(string Column, string? Type, bool Null, bool Unique, bool Index, bool DbDefault);
}
