using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// Start-BgDeployment -Rollback on the in-memory world: release v2 (which added catalog.0002_product_price) is live
    /// and its predecessor's machines are gone; v1 is launched again, the migration v1 does not have is reverted on a v2
    /// machine (only its code knows it), then traffic moves to v1. Undo re-applies it and goes back to v2.
    /// </summary>
    public sealed class RollbackReleaseTests
    {
        private const string Second = "catalog.0002_product_price";
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        private static async Task<ReleaseWorld> V2LiveWithV1GoneAsync(bool irreversible = false, bool compatible = false)
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = compatible;
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);
            world.Now += TimeSpan.FromHours(1);
            await world.Engine().CompleteAsync(null, false, ApproveAll.Instance, CancellationToken.None);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            Assert.Contains(Second, world.Database.Applied);
            world.Database.IrreversibleSecond = irreversible;
            return world;
        }

        private static ReleaseOptions RollbackToV1() => ReleaseWorld.Options(o => { o.Release = "v1"; o.Rollback = true; });

        [Fact]
        public async Task A_rollback_reverts_what_the_older_release_does_not_have_on_a_newer_machine_then_switches_to_it()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync();

            DeploymentRecord record = await world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.True(record.IsRollback);
            Assert.Equal(
                new[] { "LaunchMachines", "WaitForHealthy", "CheckRollbackMigrations", "SmokeCheck", "BeforeSwitch", "MaintenanceOn", "RevertForRollback", "SwitchTraffic", "MaintenanceOff", "Bake" },
                record.Steps.Select(s => s.Name));
            Assert.Equal(Second, record.Outputs["rollbackRevert"]);
            Assert.Equal(Second, record.Facts["incompatible"]);
            Assert.StartsWith($"window: 1 of 1 migration(s) to revert the older release may not run beside, and whose revert the newer release still serving may not survive: {Second} (incompatible: Add field price to product", record.MaintenanceDecision);
            Assert.StartsWith($"{Second}: incompatible: ", Assert.Single(record.MigrationCompatibility));
            Assert.DoesNotContain(Second, world.Database.Applied);
            // The revert ran with v2's code (v1's does not know the migration).
            Assert.Contains("v2: migrate catalog 0001_initial --noinput", world.Database.Commands);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(new[] { "v1", "v1", "v2", "v2" }, world.Machines.Running.Select(m => m.Release).OrderBy(r => r));
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Fact]
        public async Task Undo_of_a_rollback_reapplies_the_reverted_migrations_before_traffic_goes_back_to_the_newer_release()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync();
            await world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(new[] { "MaintenanceOn", "ReapplyMigrations", "RollBackTraffic", "MaintenanceOff", "RemoveNewMachines" },
                undone.Steps.SkipWhile(s => s.Name != "Undo-BgDeployment").Skip(1).Select(s => s.Name));
            Assert.Contains(Second, world.Database.Applied);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Fact]
        public async Task An_irreversible_migration_in_the_way_is_refused_before_the_database_or_traffic_changes()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(irreversible: true);

            DeploymentFailedException failure = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None));

            Assert.Contains("RollbackIrreversible", failure.ErrorId);
            Assert.Contains(Second, failure.Message);
            Assert.Contains(Second, world.Database.Applied);
            Assert.DoesNotContain(world.Database.Commands, c => c.Contains("--noinput", StringComparison.Ordinal) && c.Contains("0001_initial", StringComparison.Ordinal));
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(world.Maintenance.On);
            DeploymentRecord failed = await world.LatestAsync();
            Assert.Equal("Failed", failed.Steps.Last(s => s.Name == "CheckRollbackMigrations").Outcome.ToString());

            // Undo removes the machines launched for it; v2 keeps serving on its schema.
            await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            Assert.Contains(Second, world.Database.Applied);
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

    
        [Fact]
        public async Task A_rollback_whose_reverts_are_compatible_with_the_older_release_switches_first_then_reverts_without_a_window()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(compatible: true);
            int windows = world.Maintenance.Enabled;
            string? servingAtRevert = null;
            world.OnStepStarted = step =>
            {
                if (step == "RevertForRollback")
                {
                    servingAtRevert = world.Elb.ServingGroup();
                }
            };

            DeploymentRecord record = await world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(
                new[] { "LaunchMachines", "WaitForHealthy", "CheckRollbackMigrations", "SmokeCheck", "BeforeSwitch", "SwitchTraffic", "RevertForRollback", "Bake" },
                record.Steps.Select(s => s.Name));
            Assert.Equal(FakeLoadBalancer.Blue, servingAtRevert);
            Assert.Equal(windows, world.Maintenance.Enabled);
            Assert.DoesNotContain(Second, world.Database.Applied);
            Assert.Contains("v2: migrate catalog 0001_initial --noinput", world.Database.Commands);
            Assert.Equal(string.Empty, record.Facts["incompatible"]);
            Assert.Equal("no window: every migration to revert (1) is compatible with the older release (it runs on the newer schema); switch to it first, then revert while it serves", record.MaintenanceDecision);
            Assert.StartsWith($"{Second}: compatible: Add field price to product: adds nullable column price", Assert.Single(record.MigrationCompatibility));
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Fact]
        public async Task Undo_of_a_compatible_rollback_reapplies_while_the_older_release_serves_then_sends_traffic_back_without_a_window()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(compatible: true);
            await world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None);
            int windows = world.Maintenance.Enabled;

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(new[] { "ReapplyMigrations", "RollBackTraffic", "RemoveNewMachines" },
                undone.Steps.SkipWhile(s => s.Name != "Undo-BgDeployment").Skip(1).Select(s => s.Name));
            Assert.Equal(windows, world.Maintenance.Enabled);
            Assert.False(world.Database.AppliedInWindow[Second]);
            Assert.Equal("no window: the reverted migrations are compatible with the older release; re-apply them while it serves, then traffic back", undone.UndoDecision);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Fact]
        public async Task Undo_of_an_incompatible_rollback_says_why_it_keeps_the_window()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync();
            await world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal($"window: {Second} incompatible with the older release; re-apply under maintenance, then traffic back", undone.UndoDecision);
        }

        [Fact]
        public async Task Never_refuses_a_rollback_whose_reverts_need_a_window_before_anything_changes()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync();

            DeploymentFailedException failure = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => { o.Release = "v1"; o.Rollback = true; o.Maintenance = BlueGreen.Configuration.MaintenancePolicy.Never; }), None, None, CancellationToken.None));

            Assert.Equal("RollbackIncompatible", failure.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, failure.Category);
            Assert.Contains(Second + " (incompatible: Add field price to product", failure.Message);
            Assert.Contains(Second, world.Database.Applied);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(world.Maintenance.On);
            await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Fact]
        public async Task Always_keeps_the_window_before_the_switch_even_for_compatible_reverts()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(compatible: true);

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => { o.Release = "v1"; o.Rollback = true; o.Maintenance = BlueGreen.Configuration.MaintenancePolicy.Always; }), None, None, CancellationToken.None);

            Assert.Equal(new[] { "MaintenanceOn", "RevertForRollback", "SwitchTraffic", "MaintenanceOff", "Bake" }, record.Steps.Skip(5).Select(s => s.Name));
            Assert.Equal("window: Maintenance is Always; revert under maintenance, then switch", record.MaintenanceDecision);
        }

        [Fact]
        public async Task Never_rolls_back_over_compatible_reverts_switching_first()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(compatible: true);

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => { o.Release = "v1"; o.Rollback = true; o.Maintenance = BlueGreen.Configuration.MaintenancePolicy.Never; }), None, None, CancellationToken.None);

            Assert.Equal(new[] { "SwitchTraffic", "RevertForRollback", "Bake" }, record.Steps.Skip(5).Select(s => s.Name));
            Assert.DoesNotContain(Second, world.Database.Applied);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_rollback_whose_bake_degrades_reapplies_the_migrations_and_goes_back_by_itself(bool compatible)
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync(compatible: compatible);
            int windows = world.Maintenance.Enabled;
            world.OnStepStarted = step =>
            {
                if (step == "Bake")
                {
                    world.Elb.UnhealthyGroups.Add(FakeLoadBalancer.Blue);
                }
            };

            DeploymentFailedException failure = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(RollbackToV1(), None, None, CancellationToken.None));

            Assert.Equal("DeploymentRolledBack", failure.ErrorId);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.RolledBack, record.Status);
            Assert.Contains(record.Steps, s => s.Name == "ReapplyMigrations" && s.Outcome == StepOutcome.Succeeded);
            Assert.Contains(Second, world.Database.Applied);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(world.Maintenance.On);
            // Compatible reverts: reverted and re-applied while v1 serves, with no window; otherwise a window around each.
            Assert.Equal(compatible ? new[] { "ReapplyMigrations", "RollBackTraffic" } : new[] { "MaintenanceOn", "ReapplyMigrations", "RollBackTraffic", "MaintenanceOff" },
                record.Steps.SkipWhile(s => s.Name != "Bake").Skip(1).Select(s => s.Name));
            Assert.Equal(windows + (compatible ? 0 : 2), world.Maintenance.Enabled);
            Assert.StartsWith(compatible ? "no window: the reverted migrations are compatible" : $"window: {Second} incompatible", record.UndoDecision);
        }
    }
}
