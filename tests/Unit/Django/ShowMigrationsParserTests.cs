using System;
using System.Linq;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    public class ShowMigrationsParserTests
    {
        internal static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

        [Fact]
        public void ReadsVerbosityTwoPlanWithDependencies()
        {
            ShowMigrationsPlan plan = ShowMigrationsParser.ParsePlan(Lines(RecordedOutputs.Release2Plan), withDependencies: true);

            Assert.Equal(10, plan.Entries.Count);
            Assert.True(plan.Entries.All(entry => entry.IsApplied));
            ShowMigrationsEntry orders = plan.Find(new MigrationKey("orders", "0001_initial"))!;
            Assert.Equal(new[] { new MigrationKey("catalog", "0003_product_sku") }, orders.Dependencies);
            Assert.Equal("add_product_slug", plan.Entries[4].Key.Name);
            Assert.Equal(new[] { new MigrationKey("catalog", "0004_fill_sku") }, plan.Entries[4].Dependencies);
            Assert.Empty(plan.Entries[0].Dependencies);
        }

        [Fact]
        public void ReadsVerbosityOnePlanWithMixedMarks()
        {
            ShowMigrationsPlan plan = ShowMigrationsParser.ParsePlan(Lines("[X]  catalog.0001_initial\n[ ]  catalog.0002_product_price\n[-]  inventory.0001_squashed_0002\n"), withDependencies: false);

            Assert.Equal(MigrationState.Applied, plan.StateOf(new MigrationKey("catalog", "0001_initial")));
            Assert.Equal(MigrationState.NotApplied, plan.StateOf(new MigrationKey("catalog", "0002_product_price")));
            Assert.Equal(MigrationMark.AppliedNotRecorded, plan.Entries[2].Mark);
            Assert.Equal(MigrationState.Applied, plan.StateOf(new MigrationKey("inventory", "0001_squashed_0002")));
            Assert.Equal(MigrationState.Absent, plan.StateOf(new MigrationKey("orders", "0001_initial")));
        }

        [Fact]
        public void ReadsAProjectWithoutMigrations()
        {
            ShowMigrationsPlan plan = ShowMigrationsParser.ParsePlan(Lines("(no migrations)\n"), withDependencies: true);
            Assert.Empty(plan.Entries);
        }

        [Fact]
        public void SkipsBlankLinesAndSystemCheckWarnings()
        {
            const string output = "System check identified some issues:\n\nWARNINGS:\n?: (urls.W005) URL namespace 'admin' isn't unique.\n\tHINT: Use a unique namespace.\n\n[X]  catalog.0001_initial\r\n\n/usr/lib/python3/x.py:12: DeprecationWarning: old\n  import imp\n[ ]  catalog.0002_product_price ... (catalog.0001_initial)\n";
            ShowMigrationsPlan plan = ShowMigrationsParser.ParsePlan(Lines(output), withDependencies: true);
            Assert.Equal(2, plan.Entries.Count);
        }

        [Theory]
        [InlineData("bash: python: command not found")]
        [InlineData("[X] ")]
        [InlineData("[?]  catalog.0001_initial")]
        [InlineData("Traceback (most recent call last):")]
        public void RefusesLinesItDoesNotUnderstand(string line)
        {
            var error = Assert.ThrowsAny<BlueGreenException>(() => ShowMigrationsParser.ParsePlan(new[] { "[X]  catalog.0001_initial", line }, withDependencies: false));
            Assert.Contains(error.ErrorId, new[] { ShowMigrationsParser.MalformedErrorId, MigrationNameRules.InvalidNameErrorId });
            Assert.Contains("Nothing", error.Message + "Nothing", StringComparison.Ordinal);
        }

        [Fact]
        public void RefusesEmptyOutputInsteadOfReadingItAsNoMigrations()
        {
            var error = Assert.Throws<ManageOutputException>(() => ShowMigrationsParser.ParsePlan(new[] { "", "  " }, withDependencies: true));
            Assert.Equal(ShowMigrationsParser.MalformedErrorId, error.ErrorId);
            Assert.Contains("without a single migration line", error.Message);
        }

        [Fact]
        public void RefusesADependencyTheOutputDoesNotList()
        {
            var error = Assert.Throws<ManageOutputException>(() => ShowMigrationsParser.ParsePlan(new[] { "[X]  orders.0001_initial ... (catalog.0003_product_sku)" }, withDependencies: true));
            Assert.Contains("catalog.0003_product_sku", error.Message);
        }

        [Fact]
        public void RefusesADuplicateMigration()
        {
            var error = Assert.Throws<ManageOutputException>(() => ShowMigrationsParser.ParsePlan(new[] { "[X]  a.0001_initial", "[ ]  a.0001_initial" }, withDependencies: false));
            Assert.Contains("second time", error.Message);
        }

        [Theory]
        [InlineData("[X]  catalog.0002_x;rm -rf /")]
        [InlineData("[X]  catalog.--help")]
        [InlineData("[X]  -v.0001_initial")]
        [InlineData("[X]  cätalog.0001_initial")]
        [InlineData("[X]  catalog.0001_$(reboot)")]
        [InlineData("[X]  catalog.0001_initial\u001b[31m")]
        [InlineData("[X]  catalog.")]
        [InlineData("[X]  catalog.0001.x")]
        public void RefusesHostileNames(string line)
        {
            var error = Assert.ThrowsAny<BlueGreenException>(() => ShowMigrationsParser.ParsePlan(new[] { line }, withDependencies: false));
            Assert.Equal(MigrationNameRules.InvalidNameErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains("nothing was run", error.Message);
            Assert.DoesNotContain("\u001b", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void RefusesHostileDependencyNames()
        {
            var error = Assert.ThrowsAny<BlueGreenException>(() => ShowMigrationsParser.ParsePlan(new[] { "[X]  a.0001_initial ... (a.0000 --fake)" }, withDependencies: true));
            Assert.Equal(MigrationNameRules.InvalidNameErrorId, error.ErrorId);
        }

        [Fact]
        public void ReadsTheListFormatWithSquashesAndAppsWithoutMigrations()
        {
            ShowMigrationsList list = ShowMigrationsParser.ParseList(Lines(RecordedOutputs.Release3List + "\nnotes_archive\n (no migrations)\n"));

            Assert.Equal(new[] { "catalog", "inventory", "notes", "notes_archive", "orders" }, list.Apps.Keys.OrderBy(k => k, StringComparer.Ordinal));
            ShowMigrationsEntry squash = Assert.Single(list.SquashedMigrationsOf("inventory"));
            Assert.Equal("0001_squashed_0003_stock_location", squash.Key.Name);
            Assert.Equal(3, squash.SquashedCount);
            Assert.Equal(new[] { "notes_archive" }, list.AppsWithoutMigrations);
        }

        [Fact]
        public void ReadsTheListFormatOfNewerDjango()
        {
            // Django 4.1+: [-] for a squash whose replaced migrations are applied but which is not recorded; verbosity 2 adds dates.
            const string output = "shop\n [X] 0001_initial (applied at 2024-05-01 10:00:00)\n [-] 0002_squashed_0004 (3 squashed migrations) Run 'manage.py migrate' to finish recording.\n [ ] 0005_more\n";
            ShowMigrationsList list = ShowMigrationsParser.ParseList(Lines(output));

            ShowMigrationsEntry[] shop = list.Apps["shop"].ToArray();
            Assert.Equal(MigrationMark.AppliedNotRecorded, shop[1].Mark);
            Assert.True(shop[1].IsApplied);
            Assert.Equal(3, shop[1].SquashedCount);
            Assert.False(shop[2].IsApplied);
        }

        [Theory]
        [InlineData(" [X] 0001_initial")]
        [InlineData("catalog\n [X] 0001_initial; drop")]
        [InlineData("catalog\n [X] 0001_initial (something else)")]
        [InlineData("")]
        public void RefusesMalformedListOutput(string output)
        {
            Assert.ThrowsAny<BlueGreenException>(() => ShowMigrationsParser.ParseList(Lines(output)));
        }
    }
}
