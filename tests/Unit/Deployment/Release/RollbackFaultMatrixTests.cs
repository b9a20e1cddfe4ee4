using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;
using Fault = BlueGreen.Tests.Unit.Deployment.Release.ReleaseFaultMatrixTests.Fault;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// A rollback's fault matrix in memory: v2 (which added catalog.0002_product_price) live, v1's machines gone, then
    /// Start-BgDeployment -Release v1 -Rollback with every step × {fails, Ctrl+C, killed once Started, killed before its
    /// first write lands}, then Resume-BgDeployment or Undo-BgDeployment. Two orders: the revert compatible with v1
    /// (switch, then RevertForRollback with no window: no window may ever open) and incompatible (MaintenanceOn,
    /// RevertForRollback, switch, MaintenanceOff).
    /// </summary>
    public sealed class RollbackFaultMatrixTests
    {
        private const string Second = "catalog.0002_product_price";
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        private static readonly string[] CompatibleSteps =
        {
            ReleaseSteps.LaunchMachines, ReleaseSteps.WaitForHealthy, ReleaseSteps.CheckRollbackMigrations, ReleaseSteps.SmokeCheck, ReleaseSteps.BeforeSwitch,
            ReleaseSteps.SwitchTraffic, ReleaseSteps.RevertForRollback, ReleaseSteps.Bake,
        };

        private static readonly string[] IncompatibleSteps =
        {
            ReleaseSteps.LaunchMachines, ReleaseSteps.WaitForHealthy, ReleaseSteps.CheckRollbackMigrations, ReleaseSteps.SmokeCheck, ReleaseSteps.BeforeSwitch,
            ReleaseSteps.MaintenanceOn, ReleaseSteps.RevertForRollback, ReleaseSteps.SwitchTraffic, ReleaseSteps.MaintenanceOff, ReleaseSteps.Bake,
        };

        public static IEnumerable<object[]> Cases()
        {
            foreach (bool compatible in new[] { true, false })
            {
                foreach (string step in compatible ? CompatibleSteps : IncompatibleSteps)
                {
                    foreach (Fault fault in Enum.GetValues<Fault>())
                    {
                        if (!(step == ReleaseSteps.SmokeCheck && fault == Fault.Fails))
                        {
                            yield return new object[] { compatible, step, fault };
                        }
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Resume_finishes_the_rollback(bool compatible, string step, Fault fault)
        {
            (ReleaseWorld world, int windows) = await RollbackWithFaultAsync(compatible, step, fault);

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, ReleaseFaultMatrixTests.Killed(fault), false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.DoesNotContain(Second, world.Database.Applied);
            Assert.Equal(new[] { "v1", "v1", "v2", "v2" }, world.Machines.Running.Select(m => m.Release).OrderBy(r => r));
            Assert.False(await world.LockHeldAsync());
            if (compatible)
            {
                Assert.Equal(windows, world.Maintenance.Enabled);
            }

            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Undo_takes_the_rollback_back(bool compatible, string step, Fault fault)
        {
            (ReleaseWorld world, int windows) = await RollbackWithFaultAsync(compatible, step, fault);

            DeploymentRecord undone = await world.Engine("bob@ci").UndoAsync(null, ReleaseFaultMatrixTests.Killed(fault), false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.Contains(Second, world.Database.Applied);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
            Assert.False(await world.LockHeldAsync());
            if (compatible)
            {
                Assert.Equal(windows, world.Maintenance.Enabled);
            }

            await world.AssertSiteIsSafeAsync(oldRelease: "v2");
        }

        /// <summary>v2 live alone, then a rollback to v1 with <paramref name="fault"/> at <paramref name="step"/>; returns the world and how many windows opened before the rollback.</summary>
        private static async Task<(ReleaseWorld, int)> RollbackWithFaultAsync(bool compatible, string step, Fault fault)
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = compatible;
            await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);
            world.Now += TimeSpan.FromHours(1);
            await world.Engine().CompleteAsync(null, false, ApproveAll.Instance, CancellationToken.None);
            int windows = world.Maintenance.Enabled;

            using var ctrlC = new CancellationTokenSource();
            bool checkFails = false;
            Func<bool> armed = ReleaseFaultMatrixTests.Arm(world, step, fault, ctrlC, () => checkFails = true);
            var check = new ReleaseCheck("db-ready", (context, token) => Task.FromResult(checkFails ? "the database is not ready (injected)" : null));
            ReleaseOptions options = ReleaseWorld.Options(o => { o.Release = "v1"; o.Rollback = true; });

            await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(options, new[] { check }, None, ctrlC.Token));
            Assert.True(armed(), $"Step {step} never started.");
            world.Revive();
            world.ClearFaults();

            DeploymentRecord record = await world.LatestAsync();
            Assert.True(await world.LockHeldAsync(), "The lock was released by a rollback that did not finish.");
            Assert.Equal(ReleaseFaultMatrixTests.Killed(fault) ? DeploymentStatus.InProgress : DeploymentStatus.Failed, record.Status);
            Assert.True(record.IsRollback);
            // The database changes only with the revert, and the older release serves before it when it is compatible.
            bool reverted = !world.Database.Applied.Contains(Second);
            if (reverted && compatible)
            {
                Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            }

            if (compatible)
            {
                Assert.Equal(windows, world.Maintenance.Enabled);
            }

            await world.AssertSiteIsSafeAsync(killed: ReleaseFaultMatrixTests.Killed(fault), oldRelease: "v2");
            return (world, windows);
        }
    }
}
