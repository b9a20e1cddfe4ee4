using System;
using System.Collections.Generic;
using System.Linq;

namespace BlueGreen.Django
{
    /// <summary>
    /// Judges whether the release now serving keeps working once a migration is applied, from its facts (the SQL
    /// Django would run on the real vendor, the table, the column before and after). The rules follow
    /// django-migration-linter's backward-incompatible codes, written for Django's operations:
    /// incompatible: AddField NOT NULL without a database default, RemoveField, DeleteModel, RenameField, RenameModel
    /// (and AlterModelTable), AlterField changing the type, making a column NOT NULL or unique, and a unique constraint
    /// (AddConstraint, AlterUniqueTogether, a unique column) on an existing table; compatible: new tables, nullable
    /// columns, plain indexes, relaxed columns, anything on a table this deployment creates, state-only operations;
    /// unknown: RunPython, RunSQL and operations without a rule, unless the migration declares itself with a class
    /// attribute <c>bluegreen_compatible = True</c> (or False), which then decides the whole migration.
    /// </summary>
    public static class MigrationCompatibilityRules
    {
        public const string DeclarationAttribute = "bluegreen_compatible";

        /// <summary>The migration's verdict: its declaration if it has one; else its first incompatible operation, else its first unknown one, else compatible.</summary>
        public static CompatibilityVerdict Judge(MigrationFacts migration)
        {
            List<CompatibilityVerdict> verdicts = migration.Operations.Select(Judge).ToList();
            CompatibilityVerdict? worst = verdicts.FirstOrDefault(v => v.Compatibility == MigrationCompatibility.Incompatible)
                ?? verdicts.FirstOrDefault(v => v.Compatibility == MigrationCompatibility.Unknown);
            if (migration.Declared is bool declared)
            {
                CompatibilityVerdict shown = worst ?? verdicts.FirstOrDefault() ?? new CompatibilityVerdict(MigrationCompatibility.Compatible, "no operation", null, string.Empty);
                string rules = worst == null ? "the rules agree" : $"the rules alone: {worst.Compatibility.ToString().ToLowerInvariant()}, {worst.Reason}";
                return shown with
                {
                    Compatibility = declared ? MigrationCompatibility.Compatible : MigrationCompatibility.Incompatible,
                    Reason = $"declared by the migration ({DeclarationAttribute} = {(declared ? "True" : "False")}; {rules})",
                };
            }

            if (worst != null)
            {
                return worst;
            }

            return verdicts.Count == 0
                ? new CompatibilityVerdict(MigrationCompatibility.Compatible, "no operation", null, "the migration has no operation")
                : verdicts.FirstOrDefault(v => v.Sql != null) ?? verdicts[0];
        }

        /// <summary>One operation's verdict.</summary>
        public static CompatibilityVerdict Judge(OperationFacts op)
        {
            if (!op.ReducesToSql)
            {
                return Unknown(op, null, $"runs Python code BlueGreen cannot judge; if the running release survives it, declare {DeclarationAttribute} = True on the Migration class");
            }

            if (op.Type == "RunSQL" || op.Type == "SeparateDatabaseAndState" && op.Sql.Count > 0)
            {
                return Unknown(op, Pick(op), $"runs SQL BlueGreen cannot judge; if the running release survives it, declare {DeclarationAttribute} = True on the Migration class");
            }

            if (op.Sql.Count == 0)
            {
                return Compatible(op, null, "changes Django's state only: no SQL");
            }

            if (op.Table != null && !op.TableExists && op.Type != "CreateModel")
            {
                return Compatible(op, Pick(op), $"table {op.Table} is new in this deployment: the running release does not use it");
            }

            ColumnFacts? before = op.Before;
            ColumnFacts? after = op.After;
            switch (op.Type)
            {
                case "CreateModel":
                    return Compatible(op, Pick(op), "creates a new table");
                case "DeleteModel":
                    return Incompatible(op, Pick(op, "DROP TABLE"), $"drops table {op.Table}, which the running release still uses");
                case "RenameModel":
                case "AlterModelTable":
                    return Incompatible(op, Pick(op, "RENAME"), $"renames table {op.Table} under the running release");
                case "AddField" when after == null || after.Type == null:
                    return Compatible(op, Pick(op), "creates a new table (many-to-many)");
                case "AddField" when !after.Null && !after.DbDefault:
                    return Incompatible(op, Pick(op, "DROP DEFAULT", Quoted(after)), $"adds column {after.Column} NOT NULL without a database default (Django drops the default it filled existing rows with): the running release's inserts fail");
                case "AddField" when after.Unique:
                    return Incompatible(op, Pick(op, Quoted(after), "UNIQUE"), $"adds column {after.Column} unique on existing table {op.Table}");
                case "AddField":
                    return Compatible(op, Pick(op, Quoted(after)), after.Null ? $"adds nullable column {after.Column}" : $"adds column {after.Column} with a database default");
                case "RemoveField":
                    return Incompatible(op, Pick(op, "DROP COLUMN"), $"drops column {before?.Column ?? "?"}, which the running release still reads and writes");
                case "RenameField" when before != null && after != null && before.Column != after.Column:
                    return Incompatible(op, Pick(op, "RENAME", Quoted(before)), $"renames column {before.Column} to {after.Column} under the running release");
                case "RenameField":
                    return Compatible(op, Pick(op), "keeps the column's name (db_column)");
                case "AlterField" when before != null && after != null:
                    return AlterField(op, before, after);
                case "AddIndex":
                case "RemoveIndex":
                case "AlterIndexTogether":
                    return Compatible(op, Pick(op, "INDEX"), $"an index is not unique: the running release's queries still work (writes to {op.Table} wait while it builds)");
                case "AddConstraint" when op.Unique == true:
                    return Incompatible(op, Pick(op, "UNIQUE"), $"adds a unique constraint on existing table {op.Table}: the running release may write duplicates");
                case "AddConstraint":
                    return Incompatible(op, Pick(op, "CHECK"), $"adds a constraint on existing table {op.Table}: the running release may write rows it rejects");
                case "RemoveConstraint":
                    return Compatible(op, Pick(op), "drops a constraint: what the running release writes still fits");
                case "AlterUniqueTogether" when op.AddedTogether?.Count > 0:
                    return Incompatible(op, Pick(op, "UNIQUE"), $"adds unique_together ({string.Join("; ", op.AddedTogether)}) on existing table {op.Table}: the running release may write duplicates");
                case "AlterUniqueTogether":
                    return Compatible(op, Pick(op), "drops unique_together: what the running release writes still fits");
                case "AlterOrderWithRespectTo":
                    return Incompatible(op, Pick(op, "_order"), $"adds or drops the _order column of {op.Table} under the running release");
                default:
                    return Unknown(op, Pick(op), $"BlueGreen has no rule for {op.Type}; declare {DeclarationAttribute} on the Migration class");
            }
        }

        private static CompatibilityVerdict AlterField(OperationFacts op, ColumnFacts before, ColumnFacts after)
        {
            if (before.Column != after.Column)
            {
                return Incompatible(op, Pick(op, "RENAME", Quoted(before)), $"renames column {before.Column} to {after.Column} under the running release");
            }

            if (!string.Equals(before.Type, after.Type, StringComparison.Ordinal))
            {
                return Incompatible(op, Pick(op, "TYPE", Quoted(after)), $"changes the type of column {after.Column} from {before.Type} to {after.Type} under the running release");
            }

            if (before.Null && !after.Null)
            {
                return Incompatible(op, Pick(op, "SET NOT NULL", Quoted(after)), $"makes column {after.Column} NOT NULL: the running release may still write NULL");
            }

            if (!before.Unique && after.Unique)
            {
                return Incompatible(op, Pick(op, "UNIQUE", Quoted(after)), $"makes column {after.Column} unique: the running release may write duplicates");
            }

            return Compatible(op, Pick(op, Quoted(after)), $"keeps column {after.Column}'s type and relaxes or indexes it: what the running release writes still fits");
        }

        private static string? Quoted(ColumnFacts? column) => column == null ? null : "\"" + column.Column + "\"";

        /// <summary>The SQL line that shows the verdict: the first that holds the first of <paramref name="preferences"/> found, else the first line.</summary>
        internal static string? Pick(OperationFacts op, params string?[] preferences)
        {
            if (op.Sql.Count == 0)
            {
                return null;
            }

            foreach (string? preference in preferences.Where(p => !string.IsNullOrEmpty(p)))
            {
                string? line = op.Sql.FirstOrDefault(s => s.IndexOf(preference!, StringComparison.OrdinalIgnoreCase) >= 0);
                if (line != null)
                {
                    return Shorten(line, preference!);
                }
            }

            return Shorten(op.Sql[0], null);
        }

        /// <summary>A long statement (SQLite's table remake) shortened around what it shows.</summary>
        private static string Shorten(string line, string? around)
        {
            const int max = 160;
            line = line.Trim();
            if (line.Length <= max)
            {
                return line;
            }

            int at = around == null ? -1 : line.IndexOf(around, StringComparison.OrdinalIgnoreCase);
            if (at < 100)
            {
                return line.Substring(0, max) + " …";
            }

            string tail = line.Substring(at);
            return line.Substring(0, 50) + " … " + (tail.Length > 100 ? tail.Substring(0, 100) + " …" : tail);
        }

        private static CompatibilityVerdict Compatible(OperationFacts op, string? sql, string reason) => new CompatibilityVerdict(MigrationCompatibility.Compatible, op.Describe, sql, reason);

        private static CompatibilityVerdict Incompatible(OperationFacts op, string? sql, string reason) => new CompatibilityVerdict(MigrationCompatibility.Incompatible, op.Describe, sql, reason);

        private static CompatibilityVerdict Unknown(OperationFacts op, string? sql, string reason) => new CompatibilityVerdict(MigrationCompatibility.Unknown, op.Describe, sql, reason);
    }
}
