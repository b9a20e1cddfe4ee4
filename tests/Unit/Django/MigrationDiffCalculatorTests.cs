using System.Linq;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class MigrationDiffCalculatorTests
    {
        private static ShowMigrationsPlan Plan(string text) => ShowMigrationsParser.ParsePlan(ShowMigrationsParserTests.Lines(text), withDependencies: true);

        [Fact]
        public void FindsEveryNewMigrationAndTheRevertTargetOfItsApp()
        {
            var diffs = MigrationDiffCalculator.Compare(Plan(RecordedOutputs.Release1PlanOnRelease2Database), Plan(RecordedOutputs.Release2Plan), null, ScriptedCommandRunner.Release);

            Assert.Equal(
                new[] { "catalog.0002_product_price", "catalog.0003_product_sku", "catalog.0004_fill_sku", "catalog.add_product_slug", "inventory.0003_stock_location", "notes.0001_initial", "orders.0001_initial" },
                diffs.Select(d => d.Key.ToString()));
            Assert.All(diffs, d => Assert.Equal(MigrationState.Absent, d.OldState));
            Assert.All(diffs, d => Assert.Equal(MigrationState.Applied, d.NewState));
            Assert.All(diffs, d => Assert.True(d.NeedsUndo));
            Assert.Equal("0001_initial", diffs.First(d => d.App == "catalog").RevertTarget);
            Assert.Equal("0002_stock_level", diffs.Single(d => d.App == "inventory").RevertTarget);
            Assert.Equal("zero", diffs.Single(d => d.App == "notes").RevertTarget);
            Assert.Equal("zero", diffs.Single(d => d.App == "orders").RevertTarget);
            Assert.All(diffs, d => Assert.Null(d.RevertBlockedReason));
            Assert.Equal(new[] { "/usr/bin/python3", "/srv/release/manage.py" }, diffs[0].NewManageCommand);
        }

        [Fact]
        public void ReportsMigrationsTheNewReleaseHasNotAppliedWithoutARevertTarget()
        {
            const string newPlan = "[X]  catalog.0001_initial\n[X]  catalog.0002_product_price ... (catalog.0001_initial)\n[ ]  catalog.0003_product_sku ... (catalog.0002_product_price)\n[ ]  shop.0001_initial\n";
            var diffs = MigrationDiffCalculator.Compare(Plan("[X]  catalog.0001_initial\n"), Plan(newPlan), null, ScriptedCommandRunner.Release);

            Assert.Equal(MigrationState.NotApplied, diffs.Single(d => d.Name == "0003_product_sku").NewState);
            Assert.Null(diffs.Single(d => d.App == "shop").RevertTarget);
            Assert.Equal("0001_initial", diffs.Single(d => d.Name == "0002_product_price").RevertTarget);
        }

        [Fact]
        public void TreatsASquashOfTheOldReleasesMigrationsAsApplied()
        {
            ShowMigrationsList list = ShowMigrationsParser.ParseList(ShowMigrationsParserTests.Lines(RecordedOutputs.Release3List));
            var diffs = MigrationDiffCalculator.Compare(Plan(RecordedOutputs.Release2PlanOnRelease3Database), Plan(RecordedOutputs.Release3Plan), list, ScriptedCommandRunner.Release);

            MigrationDiff only = Assert.Single(diffs);
            Assert.Equal("inventory.0004_stock_reserved", only.Key.ToString());
            Assert.Equal("0001_squashed_0003_stock_location", only.RevertTarget);
            Assert.Null(only.RevertBlockedReason);
        }

        [Fact]
        public void BlocksTheRevertWhenTheOldStateLiesInsideASquash()
        {
            ShowMigrationsList list = ShowMigrationsParser.ParseList(ShowMigrationsParserTests.Lines(RecordedOutputs.Release3List));
            var diffs = MigrationDiffCalculator.Compare(Plan(RecordedOutputs.Release1PlanOnRelease2Database), Plan(RecordedOutputs.Release3Plan), list, ScriptedCommandRunner.Release);

            MigrationDiff[] inventory = diffs.Where(d => d.App == "inventory").ToArray();
            Assert.Contains(inventory, d => d.Name == "0001_squashed_0003_stock_location" && d.NeedsUndo);
            Assert.All(inventory.Where(d => d.NeedsUndo), d =>
            {
                Assert.Equal("0002_stock_level", d.RevertTarget);
                Assert.Contains("inventory.0001_squashed_0003_stock_location (3 migrations)", d.RevertBlockedReason);
            });
            Assert.Null(diffs.Single(d => d.Name == "add_product_slug").RevertBlockedReason);
        }
    }
}
