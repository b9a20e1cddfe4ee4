using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>The engine's flows end to end on the in-memory world: Start (full and canary), Resume, Undo, Complete.</summary>
    public sealed class ReleaseEngineScenarioTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public async Task A_canary_release_with_a_migration_switches_and_keeps_the_old_machines()
        {
            var world = new ReleaseWorld(newMigration: true);
            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.CanaryWeight = 10), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(
                new[] { "LaunchMachines", "WaitForHealthy", "CheckMigrations", "SmokeCheck", "BeforeSwitch", "MaintenanceOn", "Migrate", "SwitchCanary", "MaintenanceOff", "WatchCanary", "SwitchTraffic", "Bake" },
                record.Steps.Select(s => s.Name));
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.PreviewGroup());
            Assert.Contains("catalog.0002_product_price", world.Database.Applied);
            Assert.Equal(2, record.MachinesKept.Count);
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
            // Progress follows each step's place in the flow (16 steps, those that ran), then Done.
            Assert.Equal(
                new[] { "LaunchMachines 6", "WaitForHealthy 12", "CheckMigrations 18", "SmokeCheck 25", "BeforeSwitch 31", "MaintenanceOn 50", "Migrate 56", "SwitchCanary 62", "MaintenanceOff 75", "WatchCanary 81", "SwitchTraffic 87", "Bake 93", "Done 100" },
                world.Progress);
            LegacyJournal.CaptureIfAsked(world, "succeeded-canary");
        }

        [Fact]
        public async Task A_failed_migrate_closes_the_window_and_resume_finishes_the_release()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.FailMigrate = true;
            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));

            Assert.Contains("at step Migrate", failed.Message);
            Assert.Equal(DeploymentStatus.Failed, (await world.LatestAsync()).Status);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.True(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
            LegacyJournal.CaptureIfAsked(world, "failed-at-migrate");

            world.Database.FailMigrate = false;
            DeploymentRecord resumed = await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None);
            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Undo_after_a_release_reverts_its_migration_sends_traffic_back_and_removes_the_new_machines()
        {
            var world = new ReleaseWorld(newMigration: true);
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(new[] { "MaintenanceOn", "RevertMigrations", "RollBackTraffic", "MaintenanceOff", "RemoveNewMachines" }, undone.Steps.SkipWhile(s => s.Name != "Undo-BgDeployment").Skip(1).Select(s => s.Name));
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.DoesNotContain("catalog.0002_product_price", world.Database.Applied);
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Complete_removes_the_old_machines_once_the_bake_time_is_over()
        {
            var world = new ReleaseWorld();
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);
            BlueGreenException early = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine().CompleteAsync(null, false, ApproveAll.Instance, CancellationToken.None));
            Assert.Equal("BakeTimeNotOver", early.ErrorId);

            world.Now += TimeSpan.FromHours(1);
            DeploymentRecord completed = await world.Engine().CompleteAsync(null, false, ApproveAll.Instance, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Completed, completed.Status);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(await world.LockHeldAsync());
        }
    }
}
