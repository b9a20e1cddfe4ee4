using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The maintenance decision from the pending migrations' compatibility with the running release, on the in-memory
    /// world: Auto without a window when they are all compatible, with one around an incompatible one, Never refused
    /// before migrating, Undo of compatible migrations sending traffic back first; each decision journaled.
    /// </summary>
    public sealed class ReleaseCompatibilityTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        private static string[] UndoSteps(DeploymentRecord record) =>
            record.Steps.SkipWhile(s => s.Name != "Undo-BgDeployment").Skip(1).Select(s => s.Name).ToArray();

        [Fact]
        public async Task Auto_with_only_compatible_migrations_migrates_while_the_old_release_serves_without_a_window()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(new[] { "LaunchMachines", "WaitForHealthy", "CheckMigrations", "SmokeCheck", "BeforeSwitch", "Migrate", "SwitchTraffic", "Bake" }, record.Steps.Select(s => s.Name));
            Assert.Equal(0, world.Maintenance.Enabled);
            Assert.Null(record.MaintenanceStartedAt);
            Assert.Contains("catalog.0002_product_price", world.Database.Applied);
            Assert.Equal("no window: every pending migration (1) is compatible with the running release; migrate while it serves, then switch", record.MaintenanceDecision);
            Assert.Equal(string.Empty, record.Facts["incompatible"]);
            string line = Assert.Single(record.MigrationCompatibility);
            Assert.StartsWith("catalog.0002_product_price: compatible: Add field price to product: adds nullable column price [", line);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task A_compatible_migrate_that_fails_leaves_the_old_release_serving_without_a_window_and_resume_finishes()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;
            world.Database.FailMigrate = true;

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));

            Assert.Contains("at step Migrate", failed.Message);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(0, world.Maintenance.Enabled);
            await world.AssertSiteIsSafeAsync();

            world.Database.FailMigrate = false;
            DeploymentRecord resumed = await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None);
            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(0, world.Maintenance.Enabled);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Auto_with_an_incompatible_migration_opens_the_window_around_it_and_says_why()
        {
            var world = new ReleaseWorld(newMigration: true);

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(new[] { "LaunchMachines", "WaitForHealthy", "CheckMigrations", "SmokeCheck", "BeforeSwitch", "MaintenanceOn", "Migrate", "SwitchTraffic", "MaintenanceOff", "Bake" }, record.Steps.Select(s => s.Name));
            Assert.Equal(1, world.Maintenance.Enabled);
            Assert.StartsWith("window: 1 of 1 pending migration(s) the running release may not survive: catalog.0002_product_price (incompatible: Add field price to product: adds column price NOT NULL without a database default", record.MaintenanceDecision);
            Assert.Equal("catalog.0002_product_price", record.Facts["incompatible"]);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Always_keeps_its_window_even_for_a_compatible_migration()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Always), None, None, CancellationToken.None);

            Assert.Contains("MaintenanceOn", record.Steps.Select(s => s.Name));
            Assert.Equal("window: Maintenance is Always", record.MaintenanceDecision);
        }

        [Fact]
        public async Task Never_with_an_incompatible_migration_is_refused_before_it_runs_naming_it()
        {
            var world = new ReleaseWorld(newMigration: true);

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Never), None, None, CancellationToken.None));

            Assert.Equal(PendingMigrationCheck.IncompatibleErrorId, failed.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, failed.Category);
            Assert.Contains("catalog.0002_product_price (incompatible: Add field price to product", failed.Message);
            Assert.Contains("-Maintenance Auto", failed.Message);
            Assert.DoesNotContain("catalog.0002_product_price", world.Database.Applied);
            Assert.DoesNotContain(world.Database.Commands, c => c.EndsWith("migrate --noinput", StringComparison.Ordinal));
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(0, world.Maintenance.Enabled);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.Failed, record.Status);
            Assert.DoesNotContain(record.Steps, s => s.Name == "Migrate" || s.Name == "SwitchTraffic");
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Never_with_compatible_migrations_deploys_without_a_window()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Never), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(0, world.Maintenance.Enabled);
            Assert.StartsWith("no window: Maintenance is Never", record.MaintenanceDecision);
        }

        [Fact]
        public async Task Undo_of_compatible_migrations_sends_traffic_back_first_then_reverts_without_a_window()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(new[] { "RollBackTraffic", "RevertMigrations", "RemoveNewMachines" }, UndoSteps(undone));
            Assert.Equal(0, world.Maintenance.Enabled);
            Assert.DoesNotContain("catalog.0002_product_price", world.Database.Applied);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal("no window: the migrations to revert were compatible with the old release; traffic back first, then revert", undone.UndoDecision);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Undo_of_an_incompatible_migration_keeps_the_window_and_reverts_before_traffic_goes_back()
        {
            var world = new ReleaseWorld(newMigration: true);
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(new[] { "MaintenanceOn", "RevertMigrations", "RollBackTraffic", "MaintenanceOff", "RemoveNewMachines" }, UndoSteps(undone));
            Assert.Equal("window: catalog.0002_product_price incompatible with the old release; revert under maintenance, then traffic back", undone.UndoDecision);
        }

        [Fact]
        public void A_deployment_journaled_before_compatibility_was_judged_keeps_the_window()
        {
            var legacy = new DeploymentFacts { Pending = 1 };
            Assert.True(MaintenanceDecision.NeedsWindow(MaintenancePolicy.Auto, legacy));
            Assert.True(MaintenanceDecision.RevertUnderWindow(MaintenancePolicy.Auto, legacy));
            Assert.StartsWith("window: the migrations' compatibility was not judged", MaintenanceDecision.ForUndo(MaintenancePolicy.Auto, legacy, true));

            var compatible = legacy with { Incompatible = Array.Empty<string>() };
            Assert.False(MaintenanceDecision.NeedsWindow(MaintenancePolicy.Auto, compatible));
            Assert.True(MaintenanceDecision.NeedsWindow(MaintenancePolicy.Always, compatible));
            Assert.False(MaintenanceDecision.RevertUnderWindow(MaintenancePolicy.Auto, compatible));
            Assert.False(MaintenanceDecision.NeedsWindow(MaintenancePolicy.Auto, compatible with { Pending = 0, Incompatible = null }));

            // The facts round-trip through the journal's keys.
            var decided = compatible with { Incompatible = new[] { "a.0001_x", "b.0002_y" }, MaintenanceWhy = "window: because", UndoWhy = "no window: because" };
            DeploymentFacts read = DeploymentFacts.FromFacts(decided.ToFacts().ToDictionary(p => p.Key, p => p.Value));
            Assert.Equal(decided.Incompatible, read.Incompatible);
            Assert.Equal("window: because", read.MaintenanceWhy);
            Assert.Equal("no window: because", read.UndoWhy);
            Assert.True(DeploymentFacts.FromFacts(compatible.ToFacts().ToDictionary(p => p.Key, p => p.Value)).AllCompatible);
        }
    }
}
