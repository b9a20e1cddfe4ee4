using System.Linq;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class MigratePlanParserTests
    {
        [Fact]
        public void ReadsABackwardsPlan()
        {
            MigrateCommandPlan plan = MigratePlanParser.Parse(ShowMigrationsParserTests.Lines(RecordedOutputs.Release2RevertCatalogPlan));

            Assert.Equal(new[] { "orders.0001_initial", "catalog.add_product_slug", "catalog.0004_fill_sku", "catalog.0003_product_sku", "catalog.0002_product_price" },
                plan.Migrations.Select(m => m.Key.ToString()));
            Assert.Equal("Raw Python operation", Assert.Single(plan.Migrations[2].Operations).Description);
            Assert.Empty(plan.IrreversibleMigrations);
        }

        [Fact]
        public void FlagsIrreversibleOperations()
        {
            const string output = "Planned operations:\norders.0002_order_reference\n    Raw Python operation -> IRREVERSIBLE\n    Undo Add field reference to order\nnotes.0002_note_cleanup\n    Raw SQL operation -> IRREVERSIBLE\ncatalog.0004_fill_sku\n    Raw Python operation -> Clears the SKU…\n";
            MigrateCommandPlan plan = MigratePlanParser.Parse(ShowMigrationsParserTests.Lines(output));

            Assert.Equal(new[] { "orders.0002_order_reference", "notes.0002_note_cleanup" }, plan.IrreversibleMigrations.Select(m => m.Key.ToString()));
            Assert.True(plan.Migrations[0].Operations[0].IsIrreversible);
            Assert.False(plan.Migrations[0].Operations[1].IsIrreversible);
        }

        [Fact]
        public void ReadsAnEmptyPlan()
        {
            MigrateCommandPlan plan = MigratePlanParser.Parse(new[] { "Planned operations:", "  No planned migration operations." });
            Assert.Empty(plan.Migrations);
        }

        [Theory]
        [InlineData("orders.0001_initial\n    Undo Create model Order")]
        [InlineData("Planned operations:\n    Undo Create model Order")]
        [InlineData("Planned operations:\n  No planned migration operations.\norders.0001_initial")]
        [InlineData("Planned operations:\norders.0001_initial; rm -rf /\n    Undo Create model Order")]
        [InlineData("Planned operations:\n  orders.0001_initial")]
        [InlineData("")]
        public void RefusesMalformedOutput(string output)
        {
            Assert.ThrowsAny<BlueGreenException>(() => MigratePlanParser.Parse(ShowMigrationsParserTests.Lines(output)));
        }
    }
}
