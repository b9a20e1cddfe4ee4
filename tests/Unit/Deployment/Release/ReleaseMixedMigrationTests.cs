using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// Auto with a mix of pending migrations (v2 adds catalog.0002_product_price, a nullable column, then
    /// catalog.0003_product_sku, NOT NULL without a database default): the compatible one no incompatible one precedes
    /// runs before the window, while v1 serves; the window opens only for the rest. Journaled, planned, undone.
    /// </summary>
    public sealed class ReleaseMixedMigrationTests
    {
        private const string Second = "catalog.0002_product_price";
        private const string Third = "catalog.0003_product_sku";
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        internal static ReleaseWorld MixedWorld()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.Mixed = true;
            return world;
        }

        /// <summary>A mixed release whose window fails to open: only the compatible part ran, v1 still serves.</summary>
        private static async Task<ReleaseWorld> StoppedBetweenTheTwoPartsAsync()
        {
            ReleaseWorld world = MixedWorld();
            world.Fail("MaintenanceOn");
            await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));
            Assert.Contains(Second, world.Database.Applied);
            Assert.DoesNotContain(Third, world.Database.Applied);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            return world;
        }

        private static string[] UndoSteps(DeploymentRecord record) =>
            record.Steps.SkipWhile(s => s.Name != "Undo-BgDeployment").Skip(1).Select(s => s.Name).ToArray();

        [Fact]
        public async Task The_compatible_migration_runs_before_the_window_and_only_the_incompatible_one_inside_it()
        {
            ReleaseWorld world = MixedWorld();

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(new[] { "LaunchMachines", "WaitForHealthy", "CheckMigrations", "SmokeCheck", "BeforeSwitch", "MigrateBeforeWindow", "MaintenanceOn", "Migrate", "SwitchTraffic", "MaintenanceOff", "Bake" },
                record.Steps.Select(s => s.Name));
            Assert.False(world.Database.AppliedInWindow[Second], "The compatible migration ran inside the window.");
            Assert.True(world.Database.AppliedInWindow[Third], "The incompatible migration ran outside the window.");
            Assert.Contains("v2: migrate catalog 0002_product_price --noinput", world.Database.Commands);
            Assert.Equal(1, world.Maintenance.Enabled);

            // Journaled: the decision, what ran outside and inside the window, and each part's output.
            Assert.Equal(Second, record.Facts["beforeWindow"]);
            Assert.Equal(Third, record.Facts["incompatible"]);
            Assert.StartsWith($"window: 1 of 2 pending migration(s) the running release may not survive: {Third} (incompatible: Add field sku to product", record.MaintenanceDecision);
            Assert.EndsWith($"; first, while it serves: {Second} (compatible, no incompatible one before them in the plan)", record.MaintenanceDecision);
            Assert.Equal(new[] { Second }, record.MigrationsBeforeWindow);
            Assert.Equal(new[] { Third }, record.MigrationsInWindow);
            Assert.Contains($"Applying {Second}... OK", record.Outputs[MigrateBeforeWindowStep.Output]);
            Assert.DoesNotContain(Third, record.Outputs[MigrateBeforeWindowStep.Output]);
            Assert.Contains($"Applying {Third}... OK", record.Outputs["migrate"]);
            Assert.Equal(new[] { Second, Third }, record.MigrationsApplied);
            Assert.Equal(2, record.MigrationCompatibility.Count);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Undo_after_both_parts_reverts_under_the_window_before_traffic_goes_back()
        {
            ReleaseWorld world = MixedWorld();
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(new[] { "MaintenanceOn", "RevertMigrations", "RollBackTraffic", "MaintenanceOff", "RemoveNewMachines" }, UndoSteps(undone));
            Assert.DoesNotContain(Second, world.Database.Applied);
            Assert.DoesNotContain(Third, world.Database.Applied);
            Assert.StartsWith($"window: {Third} incompatible", undone.UndoDecision);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task A_failure_once_only_the_compatible_part_ran_resumes_with_the_window_for_the_rest_only()
        {
            ReleaseWorld world = await StoppedBetweenTheTwoPartsAsync();

            // Resume: the compatible part is done, the window opens for the rest only.
            DeploymentRecord resumed = await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None);
            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Single(resumed.Steps, s => s.Name == "MigrateBeforeWindow");
            Assert.True(world.Database.AppliedInWindow[Third]);
            Assert.False(world.Database.AppliedInWindow[Second]);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Undo_of_a_deployment_stopped_between_the_two_parts_reverts_without_a_window()
        {
            ReleaseWorld world = await StoppedBetweenTheTwoPartsAsync();
            int windows = world.Maintenance.Enabled;

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(new[] { "RollBackTraffic", "RevertMigrations", "RemoveNewMachines" }, UndoSteps(undone));
            Assert.Equal(windows, world.Maintenance.Enabled);
            Assert.DoesNotContain(Second, world.Database.Applied);
            Assert.Equal($"no window: only the migrations run before the window ({Second}), compatible with the old release, may be applied; traffic back first, then revert", undone.UndoDecision);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task The_plan_shows_the_migrate_before_the_window_and_the_rest_inside()
        {
            ReleaseWorld world = MixedWorld();

            DeploymentPlan plan = await world.Engine().PlanAsync(ReleaseWorld.Options(), new ManageCommand("python", new[] { "/srv/v2/manage.py" }), CancellationToken.None);

            Assert.True(plan.Maintenance);
            Assert.Equal(new[] { Second }, plan.MigrationsBeforeWindow.Select(m => m.ToString()));
            Assert.Contains("first, while it serves: " + Second, plan.MaintenanceWhy);
            int early = plan.Steps.ToList().FindIndex(s => s.StartsWith("manage.py migrate on one new machine, up to catalog 0002_product_price: 1 compatible migration(s) (catalog.0002_product_price), while the old release serves", StringComparison.Ordinal));
            int window = plan.Steps.ToList().FindIndex(s => s.StartsWith("Maintenance on", StringComparison.Ordinal));
            int rest = plan.Steps.ToList().FindIndex(s => s == "manage.py migrate on one new machine (1 migration(s): the rest)");
            Assert.True(early >= 0 && early < window && window < rest, string.Join(" | ", plan.Steps));
            Assert.Equal(new[] { "catalog.0001_initial" }, world.Database.Applied);
        }

        [Fact]
        public void A_compatible_migration_after_an_incompatible_one_waits_for_the_window_and_a_prefix_names_each_app_once()
        {
            PendingMigration Pending(string app, string name, MigrationCompatibility compatibility) =>
                new PendingMigration(new PlannedMigration(new MigrationKey(app, name), Array.Empty<PlannedOperation>()), null,
                    new CompatibilityVerdict(compatibility, "op", null, "because"));
            var pending = new[]
            {
                Pending("shop", "0002_a", MigrationCompatibility.Compatible),
                Pending("blog", "0005_b", MigrationCompatibility.Compatible),
                Pending("shop", "0003_c", MigrationCompatibility.Compatible),
                Pending("shop", "0004_d", MigrationCompatibility.Unknown),
                Pending("blog", "0006_e", MigrationCompatibility.Compatible),
            };

            (bool window, string why, var before) = MaintenanceDecision.ForRelease(MaintenancePolicy.Auto, pending);

            Assert.True(window);
            Assert.Equal(new[] { "shop.0002_a", "blog.0005_b", "shop.0003_c" }, before.Select(p => p.Key.ToString()));
            Assert.Contains("inside the window though compatible: blog.0006_e (after an incompatible one in the plan)", why);
            Assert.Equal(new[] { "migrate blog 0005_b --noinput", "migrate shop 0003_c --noinput" },
                MigrateBeforeWindowStep.Targets(before.Select(p => p.Key.ToString()).ToList()).Select(a => string.Join(" ", a)));
            Assert.Empty(MaintenanceDecision.ForRelease(MaintenancePolicy.Always, pending).BeforeWindow);
            Assert.Empty(MaintenanceDecision.ForRelease(MaintenancePolicy.Auto, pending.Take(3).ToList()).BeforeWindow);
            Assert.Empty(MaintenanceDecision.ForRelease(MaintenancePolicy.Auto, pending.Skip(3).ToList()).BeforeWindow);
        }
    }
}
