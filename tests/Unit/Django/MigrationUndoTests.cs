using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class MigrationUndoTests
    {
        private const string Release2PlanAfterUndo = """
            [X]  catalog.0001_initial
            [ ]  catalog.0002_product_price ... (catalog.0001_initial)
            [ ]  catalog.0003_product_sku ... (catalog.0002_product_price)
            [ ]  catalog.0004_fill_sku ... (catalog.0003_product_sku)
            [ ]  catalog.add_product_slug ... (catalog.0004_fill_sku)
            [X]  inventory.0001_initial
            [X]  inventory.0002_stock_level ... (inventory.0001_initial)
            [ ]  inventory.0003_stock_location ... (inventory.0002_stock_level)
            [ ]  notes.0001_initial
            [ ]  orders.0001_initial ... (catalog.0003_product_sku)
            """;

        private sealed class Approvals : IChangeApproval
        {
            private readonly Func<int, bool> _answer;

            internal Approvals(Func<int, bool> answer) => _answer = answer;

            internal List<string> Asked { get; } = new List<string>();

            public bool Approve(string target, string action)
            {
                Asked.Add(target + ": " + action);
                return _answer(Asked.Count);
            }
        }

        private static MigrationUndoRequest[] Requests() =>
            MigrationDiffCalculator.Compare(
                    ShowMigrationsParser.ParsePlan(ShowMigrationsParserTests.Lines(RecordedOutputs.Release1Plan), true),
                    ShowMigrationsParser.ParsePlan(ShowMigrationsParserTests.Lines(RecordedOutputs.Release2Plan), true), null, ScriptedCommandRunner.Release)
                .Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToArray();

        /// <summary>A release-2 database: showmigrations answers from its state, migrate steps change it.</summary>
        private static ScriptedCommandRunner Release2Database(string? irreversibleIn = null, string? planAfterUndo = Release2PlanAfterUndo)
        {
            bool undone = false;
            return new ScriptedCommandRunner(arguments =>
            {
                switch (arguments)
                {
                    case "showmigrations --plan --verbosity 2":
                        return (0, undone ? planAfterUndo! : RecordedOutputs.Release2Plan, "");
                    case "migrate orders zero --plan":
                        return (0, irreversibleIn == "orders" ? "Planned operations:\norders.0001_initial\n    Raw Python operation -> IRREVERSIBLE\n" : RecordedOutputs.Release2RevertOrdersPlan, "");
                    case "migrate notes zero --plan":
                        return (0, "Planned operations:\nnotes.0001_initial\n    Undo Create model Note\n", "");
                    case "migrate inventory 0002_stock_level --plan":
                        return (0, "Planned operations:\ninventory.0003_stock_location\n    Undo Add field location to stockitem\n", "");
                    case "migrate catalog 0001_initial --plan":
                        return (0, RecordedOutputs.Release2RevertCatalogPlan, "");
                    default:
                        if (arguments.StartsWith("migrate ", StringComparison.Ordinal) && arguments.EndsWith(" --noinput", StringComparison.Ordinal))
                        {
                            undone = true;
                            return (0, "Operations to perform:\n  Target specific migration: ...\nRunning migrations:\n  Unapply ... OK\n", "");
                        }

                        return (2, "", "Unknown command: " + arguments);
                }
            });
        }

        [Fact]
        public async Task RunsEveryStepOnTheNewReleaseAndVerifies()
        {
            ScriptedCommandRunner runner = Release2Database();
            var approvals = new Approvals(_ => true);
            var emitted = new List<MigrationUndoStepResult>();

            var results = await new MigrationUndo(new DjangoManageClient(runner), approvals).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None, emitted.Add);

            Assert.Equal(new[] { "migrate orders zero --noinput", "migrate notes zero --noinput", "migrate inventory 0002_stock_level --noinput", "migrate catalog 0001_initial --noinput" }, runner.Changes);
            Assert.Equal(4, results.Count);
            Assert.Equal(results, emitted);
            Assert.Equal(4, approvals.Asked.Count);
            Assert.Contains("catalog.add_product_slug, catalog.0004_fill_sku, catalog.0003_product_sku, catalog.0002_product_price", approvals.Asked[3]);
            Assert.All(runner.Requests, r => Assert.Equal("/usr/bin/python3", r.Executable));
            Assert.Equal("showmigrations --plan --verbosity 2", runner.ManageArguments.Last());
        }

        [Fact]
        public async Task StopsOnAnIrreversibleStepBeforeRunningAnything()
        {
            ScriptedCommandRunner runner = Release2Database(irreversibleIn: "orders");

            var error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                new MigrationUndo(new DjangoManageClient(runner), ApproveAll.Instance).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None));

            Assert.Equal("IrreversibleMigration", error.ErrorId);
            Assert.Contains("orders.0001_initial (Raw Python operation -> IRREVERSIBLE)", error.Message);
            Assert.Empty(runner.Changes);
        }

        [Fact]
        public async Task RunsNothingWhenTheFirstStepIsDeclined()
        {
            ScriptedCommandRunner runner = Release2Database();
            var approvals = new Approvals(_ => false);

            var results = await new MigrationUndo(new DjangoManageClient(runner), approvals).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Empty(results);
            Assert.Empty(runner.Changes);
            Assert.Equal(4, approvals.Asked.Count);
        }

        [Fact]
        public async Task RunsOnlyTheApprovedPrefix()
        {
            ScriptedCommandRunner runner = Release2Database(planAfterUndo: RecordedOutputs.Release2Plan.Replace("[X]  orders", "[ ]  orders"));
            var approvals = new Approvals(count => count != 2);

            var results = await new MigrationUndo(new DjangoManageClient(runner), approvals).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None);

            Assert.Equal(new[] { "migrate orders zero --noinput" }, runner.Changes);
            Assert.Single(results);
        }

        [Fact]
        public async Task FailsWhenTheDatabaseIsNotInTheExpectedStateAfterwards()
        {
            ScriptedCommandRunner runner = Release2Database(planAfterUndo: Release2PlanAfterUndo.Replace("[ ]  notes", "[X]  notes"));

            var error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                new MigrationUndo(new DjangoManageClient(runner), ApproveAll.Instance).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None));

            Assert.Equal("UndoVerificationFailed", error.ErrorId);
            Assert.Contains("still applied: notes.0001_initial", error.Message);
        }

        [Fact]
        public async Task RefusesWhenDjangoPlansSomethingElseThanExpected()
        {
            var runner = new ScriptedCommandRunner(arguments => arguments switch
            {
                "showmigrations --plan --verbosity 2" => (0, RecordedOutputs.Release2Plan, ""),
                "migrate orders zero --plan" => (0, "Planned operations:\norders.0001_initial\n    Undo Create model Order\ncatalog.add_product_slug\n    Undo Add field slug to product\n", ""),
                _ => (0, "Planned operations:\n  No planned migration operations.\n", ""),
            });

            var error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                new MigrationUndo(new DjangoManageClient(runner), ApproveAll.Instance).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None));

            Assert.Equal("UndoPlanMismatch", error.ErrorId);
            Assert.Empty(runner.Changes);
        }

        [Fact]
        public async Task RunsNothingWhenThePlanOutputIsMalformed()
        {
            var runner = new ScriptedCommandRunner(_ => (0, "[X]  catalog.0001_initial\nWelcome to Ubuntu 24.04 LTS\n", ""));

            var error = await Assert.ThrowsAsync<ManageOutputException>(() =>
                new MigrationUndo(new DjangoManageClient(runner), ApproveAll.Instance).RunAsync(Requests(), ScriptedCommandRunner.Release, CancellationToken.None));

            Assert.Equal(ShowMigrationsParser.MalformedErrorId, error.ErrorId);
            Assert.Contains("Welcome to Ubuntu", error.Message);
            Assert.Single(runner.Requests);
        }
    }
}
