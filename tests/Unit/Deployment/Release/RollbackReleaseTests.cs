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

        private static async Task<ReleaseWorld> V2LiveWithV1GoneAsync(bool irreversible = false)
        {
            var world = new ReleaseWorld(newMigration: true);
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
        public async Task A_rollback_whose_bake_degrades_reapplies_the_migrations_and_goes_back_by_itself()
        {
            ReleaseWorld world = await V2LiveWithV1GoneAsync();
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
        }
    }
}
