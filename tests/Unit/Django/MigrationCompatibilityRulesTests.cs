using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    /// <summary>
    /// The compatibility rules on the facts real Django 3.2 printed for the corpus (tests/django/compat: one migration
    /// per rule, classified with 0001_base applied) on SQLite and PostgreSQL 15, recorded in TestData/Compat by
    /// running migration_facts.py through manage.py shell. Test-BgMigration.Compatibility.Tests.ps1 runs the same
    /// corpus against live Django on both vendors.
    /// </summary>
    public class MigrationCompatibilityRulesTests
    {
        private const MigrationCompatibility C = MigrationCompatibility.Compatible;
        private const MigrationCompatibility I = MigrationCompatibility.Incompatible;
        private const MigrationCompatibility U = MigrationCompatibility.Unknown;

        /// <summary>The corpus table: each migration, what it must be, and the SQL fragment its verdict must show (per vendor when they differ).</summary>
        public static readonly TheoryData<string, string, MigrationCompatibility, string?> Corpus = Build();

        private static TheoryData<string, string, MigrationCompatibility, string?> Build()
        {
            var rows = new (string Name, MigrationCompatibility Expected, string? SqliteSql, string? PostgresSql)[]
            {
                ("0002_add_nullable_column", C, "\"colour\" varchar(20) NULL", "ADD COLUMN \"colour\" varchar(20) NULL"),
                ("0003_add_not_null_column", I, "\"weight\" integer NOT NULL", "ALTER COLUMN \"weight\" DROP DEFAULT"),
                ("0004_create_model", C, "CREATE TABLE \"corpus_tag\"", "CREATE TABLE \"corpus_tag\""),
                ("0005_index_on_new_table", C, "CREATE INDEX \"tag_name_idx\"", "CREATE INDEX \"tag_name_idx\""),
                ("0006_index_on_existing_table", C, "CREATE INDEX \"item_name_idx\"", "CREATE INDEX \"item_name_idx\""),
                ("0007_unique_on_existing_table", I, "UNIQUE", "ADD CONSTRAINT \"item_code_unique\" UNIQUE (\"code\")"),
                ("0008_remove_field", I, "CREATE TABLE \"new__corpus_item\"", "DROP COLUMN \"legacy\""),
                ("0009_delete_model", I, "DROP TABLE \"corpus_gone\"", "DROP TABLE \"corpus_gone\""),
                ("0010_rename_field", I, "RENAME COLUMN \"label\" TO \"caption\"", "RENAME COLUMN \"label\" TO \"caption\""),
                ("0011_rename_model", I, "RENAME TO \"corpus_vendor\"", "RENAME TO \"corpus_vendor\""),
                ("0012_alter_field_type", I, "\"size\" bigint", "TYPE bigint"),
                ("0013_alter_field_length", I, "\"summary\" varchar(40)", "TYPE varchar(40)"),
                ("0014_alter_field_not_null", I, "\"note\" varchar(50) NOT NULL", "SET NOT NULL"),
                ("0015_alter_field_nullable", C, "\"ref\" varchar(20) NULL", "DROP NOT NULL"),
                ("0016_alter_field_state_only", C, null, null),
                ("0017_add_nullable_foreign_key", C, "\"tag_id\" integer NULL", "ADD COLUMN \"tag_id\" integer NULL"),
                ("0018_add_unique_nullable_column", I, "UNIQUE", "NULL UNIQUE"),
                ("0019_unique_together", I, "CREATE UNIQUE INDEX", "UNIQUE (\"name\", \"size\")"),
                ("0020_run_python_undeclared", U, null, null),
                ("0021_run_sql_declared", C, "UPDATE corpus_item", "UPDATE corpus_item"),
                ("0022_run_python_declared_incompatible", I, null, null),
                ("0023_run_sql_undeclared", U, "UPDATE corpus_item", "UPDATE corpus_item"),
            };
            var data = new TheoryData<string, string, MigrationCompatibility, string?>();
            foreach (var row in rows)
            {
                data.Add("sqlite", row.Name, row.Expected, row.SqliteSql);
                data.Add("postgresql", row.Name, row.Expected, row.PostgresSql);
            }

            return data;
        }

        private static IReadOnlyList<MigrationFacts> Recorded(string vendor) =>
            MigrationFactsReader.Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "Compat", $"corpus-{vendor}.facts")));

        [Theory]
        [MemberData(nameof(Corpus))]
        public void Classifies_the_corpus_as_expected(string vendor, string migration, MigrationCompatibility expected, string? sql)
        {
            MigrationFacts facts = Assert.Single(Recorded(vendor), f => f.Name == migration);
            Assert.Equal(vendor, facts.Vendor);

            CompatibilityVerdict verdict = MigrationCompatibilityRules.Judge(facts);

            Assert.Equal(expected, verdict.Compatibility);
            Assert.False(string.IsNullOrWhiteSpace(verdict.Operation));
            Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
            if (sql == null)
            {
                Assert.Null(verdict.Sql);
            }
            else
            {
                Assert.Contains(sql, verdict.Sql);
                Assert.True(verdict.Sql!.Length <= 200, verdict.Sql);
            }
        }

        [Theory]
        [InlineData("sqlite")]
        [InlineData("postgresql")]
        public void Each_verdict_says_why_in_words(string vendor)
        {
            Dictionary<string, CompatibilityVerdict> verdicts = Recorded(vendor).ToDictionary(f => f.Name, MigrationCompatibilityRules.Judge);

            Assert.Equal("creates a new table", verdicts["0004_create_model"].Reason);
            Assert.Equal("table corpus_tag is new in this deployment: the running release does not use it", verdicts["0005_index_on_new_table"].Reason);
            Assert.Equal("adds nullable column colour", verdicts["0002_add_nullable_column"].Reason);
            Assert.Equal("drops column legacy, which the running release still reads and writes", verdicts["0008_remove_field"].Reason);
            Assert.Equal("changes the type of column size from integer to bigint under the running release", verdicts["0012_alter_field_type"].Reason);
            Assert.Equal("makes column note NOT NULL: the running release may still write NULL", verdicts["0014_alter_field_not_null"].Reason);
            Assert.Equal("adds unique_together (name,size) on existing table corpus_item: the running release may write duplicates", verdicts["0019_unique_together"].Reason);
            Assert.Equal("changes Django's state only: no SQL", verdicts["0016_alter_field_state_only"].Reason);
            Assert.StartsWith("runs Python code BlueGreen cannot judge", verdicts["0020_run_python_undeclared"].Reason);
            Assert.Equal("Raw Python operation", verdicts["0020_run_python_undeclared"].Operation);
        }

        [Fact]
        public void The_corpus_recordings_cover_every_pending_migration_on_both_vendors()
        {
            Assert.Equal(22, Recorded("sqlite").Count);
            Assert.Equal(Recorded("sqlite").Select(f => f.Name), Recorded("postgresql").Select(f => f.Name));
            Assert.Equal(44, Corpus.Count());
        }

        [Fact]
        public void A_declaration_decides_the_whole_migration_and_says_what_the_rules_alone_found()
        {
            var drop = new OperationFacts("RemoveField", "Remove field legacy from item", new[] { "ALTER TABLE \"item\" DROP COLUMN \"legacy\" CASCADE;" }, true,
                "item", true, new ColumnFacts("legacy", "varchar(20)", false, false, false, false));
            var contract = new MigrationFacts("shop", "0009_drop_legacy", "postgresql", true, new[] { drop });

            CompatibilityVerdict verdict = MigrationCompatibilityRules.Judge(contract);

            Assert.Equal(MigrationCompatibility.Compatible, verdict.Compatibility);
            Assert.Equal("declared by the migration (bluegreen_compatible = True; the rules alone: incompatible, drops column legacy, which the running release still reads and writes)", verdict.Reason);
            Assert.Equal("ALTER TABLE \"item\" DROP COLUMN \"legacy\" CASCADE;", verdict.Sql);
            Assert.Equal(MigrationCompatibility.Incompatible, MigrationCompatibilityRules.Judge(contract with { Declared = null }).Compatibility);
        }

        [Fact]
        public void The_first_incompatible_operation_decides_over_an_earlier_unknown_one()
        {
            var python = new OperationFacts("RunPython", "Raw Python operation", Array.Empty<string>(), false);
            var notNull = new OperationFacts("AddField", "Add field weight to item", new[] { "ALTER TABLE \"item\" ADD COLUMN \"weight\" integer DEFAULT 0 NOT NULL;", "ALTER TABLE \"item\" ALTER COLUMN \"weight\" DROP DEFAULT;" }, true,
                "item", true, null, new ColumnFacts("weight", "integer", false, false, false, false));
            var added = new OperationFacts("AddField", "Add field note to item", new[] { "ALTER TABLE \"item\" ADD COLUMN \"note\" text NULL;" }, true,
                "item", true, null, new ColumnFacts("note", "text", true, false, false, false));

            CompatibilityVerdict verdict = MigrationCompatibilityRules.Judge(new MigrationFacts("shop", "0003_x", "postgresql", null, new[] { python, added, notNull }));

            Assert.Equal(MigrationCompatibility.Incompatible, verdict.Compatibility);
            Assert.Equal("Add field weight to item", verdict.Operation);
            Assert.Equal("ALTER TABLE \"item\" ALTER COLUMN \"weight\" DROP DEFAULT;", verdict.Sql);
            Assert.Equal("incompatible: Add field weight to item: adds column weight NOT NULL without a database default (Django drops the default it filled existing rows with): the running release's inserts fail [ALTER TABLE \"item\" ALTER COLUMN \"weight\" DROP DEFAULT;]", verdict.ToString());
            Assert.Equal(MigrationCompatibility.Unknown, MigrationCompatibilityRules.Judge(new MigrationFacts("shop", "0003_x", "postgresql", null, new[] { python, added })).Compatibility);
            Assert.Equal(MigrationCompatibility.Compatible, MigrationCompatibilityRules.Judge(new MigrationFacts("shop", "0003_x", "postgresql", null, new[] { added })).Compatibility);
        }

        [Fact]
        public void Anything_on_a_table_this_deployment_creates_is_compatible_and_a_database_default_keeps_not_null_compatible()
        {
            var onNewTable = new OperationFacts("AddField", "Add field code to tag", new[] { "ALTER TABLE \"tag\" ADD COLUMN \"code\" integer DEFAULT 0 NOT NULL;" }, true,
                "tag", false, null, new ColumnFacts("code", "integer", false, true, false, false));
            var withDbDefault = onNewTable with { Table = "item", TableExists = true, After = new ColumnFacts("code", "integer", false, false, false, true) };

            Assert.Equal(MigrationCompatibility.Compatible, MigrationCompatibilityRules.Judge(onNewTable).Compatibility);
            Assert.Contains("new in this deployment", MigrationCompatibilityRules.Judge(onNewTable).Reason);
            Assert.Equal(MigrationCompatibility.Compatible, MigrationCompatibilityRules.Judge(withDbDefault).Compatibility);
        }

        [Fact]
        public void An_operation_without_a_rule_is_unknown_and_malformed_facts_are_refused()
        {
            var custom = new OperationFacts("AddSearchVector", "Add search vector", new[] { "ALTER TABLE x ADD COLUMN v tsvector;" }, true, "x", true);
            Assert.Equal(MigrationCompatibility.Unknown, MigrationCompatibilityRules.Judge(custom).Compatibility);
            Assert.Contains("no rule for AddSearchVector", MigrationCompatibilityRules.Judge(custom).Reason);

            var error = Assert.Throws<ManageOutputException>(() => MigrationFactsReader.Parse(new[] { "a warning", MigrationFactsReader.LinePrefix + "{not json" }));
            Assert.Equal(MigrationFactsReader.MalformedErrorId, error.ErrorId);
            Assert.Equal(2, error.LineNumber);
        }
    }
}
