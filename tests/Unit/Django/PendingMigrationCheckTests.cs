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
            "sqlmigrate --backwards orders 0002_order_reference" => (1, "", "Traceback (most recent call last):\n  File \"x\"\ndjango.db.migrations.exceptions.IrreversibleError: Operation <RunPython <function fill_reference at 0x7f>> in orders.0002_order_reference is not reversible\n"),
            "sqlmigrate --backwards notes 0002_note_cleanup" => (1, "", "django.db.migrations.exceptions.IrreversibleError: Operation <RunSQL 'UPDATE notes_note'> in notes.0002_note_cleanup is not reversible\n"),
            "sqlmigrate --backwards catalog 0004_fill_sku" => (0, "BEGIN;\n--\n-- MIGRATION NOW PERFORMS OPERATION THAT CANNOT BE WRITTEN AS SQL:\n-- Raw Python operation\n--\nCOMMIT;\n", ""),
            "sqlmigrate --backwards catalog 0002_product_price" => (0, "BEGIN;\nCOMMIT;\n", ""),
            _ => (1, "", "django.db.utils.OperationalError: unable to open database file"),
        });

        [Fact]
        public async Task FlagsTheIrreversiblePendingMigrations()
        {
            var pending = await new PendingMigrationCheck(new DjangoManageClient(Release4())).ReadAsync(ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Equal(new[] { "catalog.0002_product_price", "catalog.0004_fill_sku", "notes.0002_note_cleanup", "orders.0002_order_reference" }, pending.Select(p => p.Key.ToString()));
            Assert.Equal(new[] { true, true, false, false }, pending.Select(p => p.Reversible));
            Assert.Equal("Operation <RunPython <function fill_reference at 0x7f>> in orders.0002_order_reference is not reversible", pending[3].IrreversibleReason);
            Assert.Equal(new[] { "Add field reference to order", "Raw Python operation" }, pending[3].Operations);

            var error = Assert.Throws<BlueGreenException>(() => PendingMigrationCheck.EnsureReversible(pending));
            Assert.Equal(PendingMigrationCheck.IrreversibleErrorId, error.ErrorId);
            Assert.Contains("notes.0002_note_cleanup", error.Message);
            PendingMigrationCheck.EnsureReversible(pending.Where(p => p.Reversible));
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
