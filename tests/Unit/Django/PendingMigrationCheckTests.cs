using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class PendingMigrationCheckTests
    {
        private static ScriptedCommandRunner Release4() => new ScriptedCommandRunner(arguments => arguments switch
        {
            "migrate --plan" => (0, RecordedOutputs.Release4PendingPlan, ""),
            "shell --no-startup -c import sys; exec(sys.stdin.read())" => (0, RecordedOutputs.Release4PendingFacts, ""),
            _ => (1, "", "django.db.utils.OperationalError: unable to open database file"),
        });

        [Fact]
        public async Task FlagsTheIrreversiblePendingMigrations()
        {
            var pending = await new PendingMigrationCheck(new DjangoManageClient(Release4())).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Equal(new[] { "catalog.0002_product_price", "catalog.0004_fill_sku", "notes.0002_note_cleanup", "orders.0002_order_reference" }, pending.Select(p => p.Key.ToString()));
            Assert.Equal(new[] { true, true, false, false }, pending.Select(p => p.Reversible));
            Assert.Matches("^Operation <RunPython <function fill_reference at 0x[0-9a-f]+>> in orders.0002_order_reference is not reversible$", pending[3].IrreversibleReason);
            Assert.Equal("Operation <RunSQL 'UPDATE notes_note SET text = TRIM(text)'> in notes.0002_note_cleanup is not reversible", pending[2].IrreversibleReason);
            Assert.Equal(new[] { "Add field reference to order", "Raw Python operation" }, pending[3].Operations);

            var error = Assert.Throws<BlueGreenException>(() => PendingMigrationCheck.EnsureReversible(pending));
            Assert.Equal(PendingMigrationCheck.IrreversibleErrorId, error.ErrorId);
            Assert.Contains("notes.0002_note_cleanup", error.Message);
            PendingMigrationCheck.EnsureReversible(pending.Where(p => p.Reversible));
        }

        [Fact]
        public async Task JudgesEachPendingMigrationAgainstTheRunningRelease()
        {
            var runner = Release4();
            var pending = await new PendingMigrationCheck(new DjangoManageClient(runner)).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Equal(
                new[] { MigrationCompatibility.Incompatible, MigrationCompatibility.Unknown, MigrationCompatibility.Unknown, MigrationCompatibility.Incompatible },
                pending.Select(p => p.Compatibility));
            Assert.All(pending, p => Assert.False(p.Compatible));
            Assert.Equal("Add field price to product", pending[0].Operation);
            Assert.Contains("NOT NULL without a database default", pending[0].Why);
            Assert.Contains("\"price\" decimal NOT NULL", pending[0].Sql);
            Assert.Equal("Raw SQL operation", pending[2].Operation);
            Assert.Equal("UPDATE notes_note SET text = TRIM(text);", pending[2].Sql);
            Assert.Null(pending[1].Sql);
            // One manage.py shell for all of them, the program (KEYS, then migration_facts.py) on its standard input.
            CommandRequest shell = Assert.Single(runner.Requests, r => r.Arguments.Contains("shell"));
            Assert.StartsWith("KEYS = [[\"catalog\",\"0002_product_price\"],[\"catalog\",\"0004_fill_sku\"],[\"notes\",\"0002_note_cleanup\"],[\"orders\",\"0002_order_reference\"]]\n", shell.StandardInput);
            Assert.Contains("BLUEGREEN-MIGRATION-FACTS", shell.StandardInput);

            var error = Assert.Throws<BlueGreenException>(() => PendingMigrationCheck.EnsureCompatible(pending));
            Assert.Equal(PendingMigrationCheck.IncompatibleErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Contains("catalog.0002_product_price (incompatible: Add field price to product", error.Message);
            Assert.Contains("-Maintenance Auto", error.Message);
            PendingMigrationCheck.EnsureCompatible(Array.Empty<PendingMigration>());
        }

        [Fact]
        public async Task NoShellWhenNothingIsPending()
        {
            var runner = new ScriptedCommandRunner(arguments => arguments == "migrate --plan"
                ? (0, "Planned operations:\n  No planned migration operations.\n", "")
                : (1, "", "not expected"));

            var pending = await new PendingMigrationCheck(new DjangoManageClient(runner)).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Empty(pending);
            Assert.Equal(new[] { "migrate --plan" }, runner.ManageArguments);
        }

        [Fact]
        public async Task ReadsEverythingWithTwoManageCommands()
        {
            var runner = Release4();
            await new PendingMigrationCheck(new DjangoManageClient(runner)).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Equal(new[] { "migrate --plan", "shell --no-startup -c import sys; exec(sys.stdin.read())" }, runner.ManageArguments);
        }

        [Fact]
        public async Task ReportsOtherFailuresAsFailures()
        {
            var runner = new ScriptedCommandRunner(arguments => arguments == "migrate --plan"
                ? (0, "Planned operations:\ncatalog.0002_product_price\n    Add field price to product\n", "")
                : (1, "", "django.db.utils.OperationalError: unable to open database file"));

            var error = await Assert.ThrowsAsync<CommandFailedException>(() => new PendingMigrationCheck(new DjangoManageClient(runner)).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None));
            Assert.Equal(1, error.ExitCode);
            Assert.Contains("unable to open database file", error.StandardError);
        }
    }
}
