using System.Linq;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class MigrationUndoPlannerTests
    {
        private static ShowMigrationsPlan Plan(string text) => ShowMigrationsParser.ParsePlan(ShowMigrationsParserTests.Lines(text), withDependencies: true);

        private static MigrationUndoRequest[] Release2Requests() =>
            MigrationDiffCalculator.Compare(Plan(RecordedOutputs.Release1Plan), Plan(RecordedOutputs.Release2Plan), null, ScriptedCommandRunner.Release)
                .Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToArray();

        [Fact]
        public void RevertsTheDependentAppFirstAndNamesWhatEachStepUnapplies()
        {
            MigrationUndoPlan plan = MigrationUndoPlanner.Plan(Plan(RecordedOutputs.Release2Plan), Release2Requests());

            Assert.Equal(new[] { "migrate orders zero", "migrate notes zero", "migrate inventory 0002_stock_level", "migrate catalog 0001_initial" },
                plan.Steps.Select(s => s.Description));
            Assert.Equal(new[] { "catalog.add_product_slug", "catalog.0004_fill_sku", "catalog.0003_product_sku", "catalog.0002_product_price" },
                plan.Steps[3].Unapplies.Select(k => k.ToString()));
            Assert.Equal(new[] { "catalog.0001_initial", "inventory.0001_initial", "inventory.0002_stock_level" },
                plan.ExpectedApplied.Select(k => k.ToString()).OrderBy(s => s));
        }

        [Fact]
        public void DropsAStepWhoseWorkAnEarlierCascadeDid()
        {
            // Only catalog and orders; orders.0001 depends on catalog.0003 and comes later in the plan than catalog's newest.
            const string plan = "[X]  catalog.0001_initial\n[X]  catalog.0002_a ... (catalog.0001_initial)\n[X]  orders.0001_initial ... (catalog.0002_a)\n[X]  catalog.0003_b ... (catalog.0002_a)\n";
            var requests = new[]
            {
                new MigrationUndoRequest("catalog", "0002_a", MigrationState.Absent, "0001_initial"),
                new MigrationUndoRequest("catalog", "0003_b", MigrationState.Absent, "0001_initial"),
                new MigrationUndoRequest("orders", "0001_initial", MigrationState.Absent, "zero"),
            };
            MigrationUndoPlan undo = MigrationUndoPlanner.Plan(Plan(plan), requests);

            Assert.Equal(new[] { "migrate orders zero", "migrate catalog 0001_initial" }, undo.Steps.Select(s => s.Description));
        }

        [Fact]
        public void RefusesAStepThatWouldUnapplyAMigrationTheOldReleaseHas()
        {
            // shop.0001 (applied in the old release) depends on catalog.0002, which is new: Django would cascade into it.
            const string plan = "[X]  catalog.0001_initial\n[X]  catalog.0002_a ... (catalog.0001_initial)\n[X]  shop.0001_initial ... (catalog.0002_a)\n";
            var requests = new[]
            {
                new MigrationUndoRequest("catalog", "0002_a", MigrationState.Absent, "0001_initial"),
                new MigrationUndoRequest("shop", "0001_initial", MigrationState.Applied, "0001_initial"),
            };
            var error = Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(plan), requests));
            Assert.Equal("UndoWouldUnapplyOldMigrations", error.ErrorId);
            Assert.Contains("shop.0001_initial", error.Message);
        }

        [Fact]
        public void RefusesWhenBranchedMigrationsCannotBeReachedWithOneTarget()
        {
            // 0002_a (old) and 0002_b (new) both follow 0001; reverting to 0002_a leaves 0002_b applied.
            const string plan = "[X]  shop.0001_initial\n[X]  shop.0002_a ... (shop.0001_initial)\n[X]  shop.0002_b ... (shop.0001_initial)\n";
            var requests = new[] { new MigrationUndoRequest("shop", "0002_b", MigrationState.Absent, "0002_a") };
            var error = Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(plan), requests));
            Assert.Equal("UndoCannotReachOldState", error.ErrorId);
            Assert.Contains("shop.0002_b", error.Message);
        }

        [Fact]
        public void RefusesATargetThatIsNotApplied()
        {
            const string plan = "[X]  shop.0001_initial\n[ ]  shop.0002_a ... (shop.0001_initial)\n[X]  other.0001_initial ... (shop.0001_initial)\n";
            var requests = new[] { new MigrationUndoRequest("other", "0001_initial", MigrationState.Absent, "zero"), new MigrationUndoRequest("shop", "0001_initial", MigrationState.Absent, "0002_a") };
            var error = Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(plan), requests));
            Assert.Equal("RevertTargetNotApplied", error.ErrorId);
        }

        [Fact]
        public void RefusesATargetInsideASquash()
        {
            var requests = new[] { new MigrationUndoRequest("inventory", "0004_stock_reserved", MigrationState.Absent, "0002_stock_level") };
            var error = Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(RecordedOutputs.Release3Plan), requests));
            Assert.Equal("RevertTargetNotInNewRelease", error.ErrorId);
            Assert.Contains("squash", error.Message);
        }

        [Fact]
        public void RefusesConflictingTargetsAndUnknownMigrations()
        {
            var conflicting = new[]
            {
                new MigrationUndoRequest("catalog", "0002_product_price", MigrationState.Absent, "0001_initial"),
                new MigrationUndoRequest("catalog", "0003_product_sku", MigrationState.Absent, "zero"),
            };
            Assert.Equal("ConflictingRevertTargets", Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(RecordedOutputs.Release2Plan), conflicting)).ErrorId);

            var unknown = new[] { new MigrationUndoRequest("catalog", "0009_elsewhere", MigrationState.Absent, "0001_initial") };
            Assert.Equal("MigrationNotInNewRelease", Assert.Throws<BlueGreenException>(() => MigrationUndoPlanner.Plan(Plan(RecordedOutputs.Release2Plan), unknown)).ErrorId);
        }

        [Fact]
        public void PlansNothingWhenEverythingIsAlreadyUnapplied()
        {
            var requests = new[] { new MigrationUndoRequest("catalog", "0002_product_price", MigrationState.Absent, "0001_initial") };
            MigrationUndoPlan plan = MigrationUndoPlanner.Plan(Plan("[X]  catalog.0001_initial\n[ ]  catalog.0002_product_price ... (catalog.0001_initial)\n"), requests);
            Assert.True(plan.IsEmpty);
            Assert.Equal("catalog.0002_product_price", Assert.Single(plan.AlreadyUnapplied).ToString());
        }

        [Theory]
        [InlineData("catalog", "0002; drop", "0001_initial")]
        [InlineData("catalog", "0002_a", "--fake")]
        [InlineData("-catalog", "0002_a", "zero")]
        public void RefusesHostileRequests(string app, string name, string target)
        {
            var error = Assert.Throws<BlueGreenException>(() => new MigrationUndoRequest(app, name, MigrationState.Absent, target));
            Assert.Equal(MigrationNameRules.InvalidNameErrorId, error.ErrorId);
        }
    }
}
