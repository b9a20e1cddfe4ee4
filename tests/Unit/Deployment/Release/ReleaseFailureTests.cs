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
    /// <summary>
    /// Failures of one step that need more than the fault matrix's one injected fault: a registration refused, health
    /// that never comes, a switch failing after its first route, maintenance that will not turn off, and a release that
    /// degrades during its bake or canary (the automatic rollback). Each ends with Resume or Undo.
    /// </summary>
    public sealed class ReleaseFailureTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public async Task A_refused_registration_keeps_the_machines_unregistered_and_undo_takes_them_back()
        {
            var world = new ReleaseWorld();
            world.Fail("RegisterTargets");

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));

            Assert.Equal("LaunchFailed", failed.ErrorId);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.Failed, record.Status);
            Assert.Equal($"{ReleaseSteps.LaunchMachines}: Failed", $"{record.Steps[^1].Name}: {record.Steps[^1].Outcome}");
            // One RegisterTargets for the batch: refused, both machines are kept, registered nowhere.
            Assert.Equal(2, world.Machines.Running.Count(m => m.Release == "v2"));
            Assert.Empty(world.Elb.TargetsOf(FakeLoadBalancer.Green));
            Assert.Contains("Resume-BgDeployment registers them", failed.Message);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.True(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();

            Assert.Equal(DeploymentStatus.RolledBack, (await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None)).Status);
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));
            Assert.Empty(world.Elb.TargetsOf(FakeLoadBalancer.Green));
            Assert.False(await world.LockHeldAsync());
        }

        [Fact]
        public async Task New_targets_that_never_become_healthy_time_out_before_the_switch_and_resume_completes_once_they_are()
        {
            var world = new ReleaseWorld();
            world.Elb.UnhealthyGroups.Add(FakeLoadBalancer.Green);

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => { o.HealthTimeout = TimeSpan.FromSeconds(1); o.CheckInterval = TimeSpan.FromSeconds(1); }), None, None, CancellationToken.None));

            Assert.Equal("HealthTimeout", failed.ErrorId);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal($"{ReleaseSteps.WaitForHealthy}: Failed", $"{record.Steps[^1].Name}: {record.Steps[^1].Outcome}");
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.True(await world.LockHeldAsync());

            world.Elb.UnhealthyGroups.Clear();
            Assert.Equal(DeploymentStatus.Succeeded, (await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None)).Status);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.False(await world.LockHeldAsync());
        }

        [Fact]
        public async Task A_switch_failing_after_its_first_route_puts_that_route_back_closes_the_window_and_resume_completes()
        {
            var world = new ReleaseWorld();
            world.OnStepStarted = name =>
            {
                if (name == ReleaseSteps.SwitchTraffic)
                {
                    world.Fail("ModifyRule");
                }
            };

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Always), None, None, CancellationToken.None));

            // The three route changes went at once and the path rule's failed: the two that were made (the default route
            // and the preview rule) were put back; the failed one, read back unchanged, was left alone.
            Assert.Equal(new[] { "ModifyListener", "ModifyRule", "ModifyRule", "ModifyListener", "ModifyRule" }, world.Calls.Where(c => c.StartsWith("Modify", StringComparison.Ordinal)));
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.PreviewGroup());
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(StepOutcome.Failed, record.Steps.Single(s => s.Name == ReleaseSteps.SwitchTraffic).Outcome);
            Assert.NotNull(record.MaintenanceEndedAt);
            Assert.False(world.Maintenance.On);
            Assert.Equal(DeploymentStatus.Failed, record.Status);

            world.OnStepStarted = null;
            Assert.Equal(DeploymentStatus.Succeeded, (await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None)).Status);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Maintenance_off_failing_once_is_retried_and_the_release_completes()
        {
            var world = new ReleaseWorld();
            world.Fail("MaintenanceOff");

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Always), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(StepOutcome.Succeeded, record.Steps.Single(s => s.Name == ReleaseSteps.MaintenanceOff).Outcome);
            Assert.Contains(world.Reporter.VerboseMessages, w => w.StartsWith("WARNING: Turning maintenance off failed (attempt 1 of 3)", StringComparison.Ordinal));
            Assert.False(world.Maintenance.On);
            Assert.False(await world.LockHeldAsync());
        }

        [Fact]
        public async Task Maintenance_that_will_not_turn_off_is_said_loudly_journaled_open_and_turned_off_by_resume()
        {
            var world = new ReleaseWorld();
            world.Fail("MaintenanceOff", 100);

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => o.Maintenance = MaintenancePolicy.Always), None, None, CancellationToken.None));

            Assert.Contains("MAINTENANCE MAY STILL BE ON", failed.Message);
            Assert.True(world.Maintenance.On);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.Failed, record.Status);
            Assert.True(record.MaintenanceEndedAt == null || record.MaintenanceEndedAt < record.MaintenanceStartedAt, "The journal must say the window is still open.");
            Assert.True(await world.LockHeldAsync());

            world.ClearFaults();
            DeploymentRecord resumed = await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None);
            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(ReleaseSteps.MaintenanceOffAfterFailure, resumed.Steps.SkipWhile(s => s.Name != "Resume-BgDeployment").Skip(1).First().Name);
            Assert.False(world.Maintenance.On);
            await world.AssertSiteIsSafeAsync();
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(false, true)]
        [InlineData(true, false)]
        public async Task A_release_degrading_sends_traffic_back_by_itself_and_undo_removes_the_new_machines(bool canary, bool revertOnRollback)
        {
            var world = new ReleaseWorld(newMigration: true);
            world.OnStepStarted = name =>
            {
                if (name == (canary ? ReleaseSteps.WatchCanary : ReleaseSteps.Bake))
                {
                    world.Elb.UnhealthyGroups.Add(FakeLoadBalancer.Green);
                }
            };
            ReleaseOptions options = ReleaseWorld.Options(o =>
            {
                o.CanaryWeight = canary ? 10 : 0;
                o.RevertMigrationsOnRollback = revertOnRollback;
            });

            DeploymentFailedException rolledBack = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(options, None, None, CancellationToken.None));

            Assert.Equal("DeploymentRolledBack", rolledBack.ErrorId);
            Assert.Contains(canary ? "The canary degraded" : "The bake failed", rolledBack.Message);
            // What the user reads (Undo-BgDeployment.Tests.ps1 checked it through the cmdlet before it left this case to xunit).
            Assert.Contains(revertOnRollback ? "were reverted" : "still applied", rolledBack.Message);
            if (!revertOnRollback)
            {
                Assert.Contains("Undo-BgDeployment -Id", rolledBack.Message);
            }

            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.RolledBack, record.Status);
            Assert.Equal(StepOutcome.Failed, record.Steps.Last(s => s.Name == (canary ? ReleaseSteps.WatchCanary : ReleaseSteps.Bake)).Outcome);
            Assert.Equal(StepOutcome.Succeeded, record.Steps.Single(s => s.Name == ReleaseSteps.RollBackTraffic).Outcome);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(revertOnRollback, !world.Database.Applied.Contains("catalog.0002_product_price"));
            Assert.Equal(revertOnRollback ? "1" : "0", record.Facts["migrationsReverted"]);
            Assert.False(world.Maintenance.On);
            Assert.False(await world.LockHeldAsync());
            Assert.Equal(2, world.Machines.Running.Count(m => m.Release == "v2"));
            BlueGreenException notResumed = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None));
            Assert.Equal("NothingToResume", notResumed.ErrorId);

            world.Elb.UnhealthyGroups.Clear();
            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);
            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));
            Assert.DoesNotContain("catalog.0002_product_price", world.Database.Applied);
            await world.AssertSiteIsSafeAsync();
        }
    }
}
