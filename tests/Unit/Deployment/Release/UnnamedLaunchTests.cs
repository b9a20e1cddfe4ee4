using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The window of a batch launch between RunInstances and the tagging of the names (CreateTags): a "kill -9" there
    /// leaves instances without a Name tag, listed as the prefix and their instance ids, that no journal names but
    /// that RunInstances tagged with the deployment's id. Resume-BgDeployment -Force terminates them (journaled removed)
    /// and launches fresh machines; Undo-BgDeployment removes them; neither leaves a machine Orphan, and an unnamed
    /// instance another deployment launched is not touched.
    /// </summary>
    public sealed class UnnamedLaunchTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public async Task Resume_with_Force_terminates_the_unnamed_instances_journals_them_and_finishes_with_fresh_machines()
        {
            (ReleaseWorld world, DeploymentRecord killed, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();

            // Without -Force: refused (the deployment is recorded InProgress), and nothing is touched.
            BlueGreenException running = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine("bob@ci").ResumeAsync(null, false, false, None, None, CancellationToken.None));
            Assert.Equal("DeploymentStillRunning", running.ErrorId);
            Assert.Equal(unnamed.Select(m => m.InstanceId), world.Machines.Running.Where(m => m.Release == "v2").Select(m => m.InstanceId));

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(killed.Id, resumed.Id);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.All(unnamed, m => Assert.DoesNotContain(world.Machines.Running, r => r.InstanceId == m.InstanceId));
            Assert.Equal(unnamed.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), resumed.MachinesRemoved.Select(m => m.Name));
            Assert.Equal(unnamed.Select(m => m.InstanceId).OrderBy(n => n, StringComparer.Ordinal), resumed.MachinesRemoved.Select(m => m.InstanceId));
            Assert.Contains(world.Reporter.VerboseMessages, v => v.Contains("cut off before their names were tagged", StringComparison.Ordinal) && unnamed.All(m => v.Contains(m.InstanceId!, StringComparison.Ordinal)));
            // The fresh machines: named, journaled, tagged with the deployment.
            List<MachineInstance> fresh = world.Machines.Running.Where(m => m.Release == "v2").ToList();
            Assert.Equal(2, fresh.Count);
            Assert.All(fresh, m => Assert.Equal(killed.Id, m.Deployment));
            Assert.Equal(fresh.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), resumed.MachinesLaunched.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
            await AssertNoOrphanAsync(world);
            await world.AssertSiteIsSafeAsync();
            Assert.False(await world.LockHeldAsync());
        }

        [Fact]
        public async Task Killed_after_one_name_was_tagged_Resume_keeps_the_named_machine_and_replaces_the_unnamed_one()
        {
            var world = new ReleaseWorld { BatchLaunches = true };
            int tags = 0;
            world.OnCall = operation =>
            {
                if (operation == "CreateTags" && ++tags == 2)
                {
                    world.Kill();
                }
            };
            await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));
            world.Revive();
            DeploymentRecord killed = await world.LatestAsync();
            List<MachineInstance> made = world.Machines.Running.Where(m => m.Release == "v2").ToList();
            MachineInstance named = Assert.Single(made, m => DeploymentFacts.FromFacts(killed.Facts).Names.Contains(m.Name));
            MachineInstance unnamed = Assert.Single(made, m => m.Name == "shop-" + m.InstanceId);

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Contains(world.Machines.Running, m => m.InstanceId == named.InstanceId);
            Assert.DoesNotContain(world.Machines.Running, m => m.InstanceId == unnamed.InstanceId);
            Assert.Equal(unnamed.InstanceId, Assert.Single(resumed.MachinesRemoved).InstanceId);
            Assert.Equal(2, world.Machines.Running.Count(m => m.Release == "v2"));
            Assert.Equal(2, world.Elb.TargetsOf(FakeLoadBalancer.Green).Count);
            Assert.Contains(named.InstanceId!, world.Elb.TargetsOf(FakeLoadBalancer.Green));
            await AssertNoOrphanAsync(world);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task A_termination_that_fails_stops_the_resume_with_the_one_terminated_journaled_and_the_next_resume_finishes()
        {
            (ReleaseWorld world, DeploymentRecord killed, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();
            world.Fail("TerminateInstances");

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None));

            Assert.Equal("UnnamedMachinesNotRemoved", failed.ErrorId);
            DeploymentRecord stopped = await world.LatestAsync();
            Assert.Single(stopped.MachinesRemoved);
            Assert.Single(world.Machines.Running, m => m.Name == "shop-" + m.InstanceId);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, false, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(unnamed.Select(m => m.InstanceId).OrderBy(n => n, StringComparer.Ordinal), resumed.MachinesRemoved.Select(m => m.InstanceId).OrderBy(n => n, StringComparer.Ordinal));
            await AssertNoOrphanAsync(world);
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task Undo_after_the_kill_removes_the_unnamed_instances()
        {
            (ReleaseWorld world, DeploymentRecord killed, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();

            DeploymentRecord undone = await world.Engine("bob@ci").UndoAsync(null, true, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));
            Assert.Equal(unnamed.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), undone.MachinesRemoved.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
            await AssertNoOrphanAsync(world);
            Assert.False(await world.LockHeldAsync());
        }

        [Fact]
        public async Task An_unnamed_instance_another_deployment_launched_is_neither_terminated_by_Resume_nor_removed_by_Undo()
        {
            (ReleaseWorld world, DeploymentRecord killed, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();
            MachineInstance foreign = world.Machines.AddUnnamed("shop-", new MachineLaunchRequest("shop-0f0f0f0f", "v0", "green", "20261130T080000Z-other"));

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Contains(world.Machines.Running, m => m.InstanceId == foreign.InstanceId);
            Assert.DoesNotContain(resumed.MachinesRemoved, m => m.InstanceId == foreign.InstanceId);
            Assert.Equal(unnamed.Count, resumed.MachinesRemoved.Count);
        }

        [Fact]
        public async Task Resume_leaves_an_unnamed_instance_that_carries_no_deployment_tag()
        {
            (ReleaseWorld world, _, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();
            MachineInstance untagged = world.Machines.AddUnnamed("shop-", new MachineLaunchRequest("shop-0f0f0f0f", "v0", "green"));

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Contains(world.Machines.Running, m => m.InstanceId == untagged.InstanceId);
            Assert.Equal(unnamed.Select(m => m.InstanceId).OrderBy(n => n, StringComparer.Ordinal), resumed.MachinesRemoved.Select(m => m.InstanceId));
        }

        [Fact]
        public async Task Undo_leaves_an_unnamed_instance_of_another_deployment()
        {
            (ReleaseWorld world, _, List<MachineInstance> unnamed) = await KilledBeforeNamesAsync();
            MachineInstance foreign = world.Machines.AddUnnamed("shop-", new MachineLaunchRequest("shop-0f0f0f0f", "v0", "green", "20261130T080000Z-other"));

            DeploymentRecord undone = await world.Engine("bob@ci").UndoAsync(null, true, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Contains(world.Machines.Running, m => m.InstanceId == foreign.InstanceId);
            Assert.Equal(unnamed.Count, undone.MachinesRemoved.Count);
        }

        [Fact]
        public async Task A_launch_that_finishes_tags_every_machine_with_its_deployment()
        {
            var world = new ReleaseWorld { BatchLaunches = true };

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            List<MachineInstance> fresh = world.Machines.Running.Where(m => m.Release == "v2").ToList();
            Assert.Equal(2, fresh.Count);
            Assert.All(fresh, m => Assert.Equal(record.Id, m.Deployment));
            Assert.Empty(record.MachinesRemoved);
        }

        /// <summary>Starts a release of v2 with batch launches and kills the process at the first CreateTags of the launch.</summary>
        private static async Task<(ReleaseWorld World, DeploymentRecord Killed, List<MachineInstance> Unnamed)> KilledBeforeNamesAsync()
        {
            var world = new ReleaseWorld { BatchLaunches = true };
            world.Fail("CreateTags", failure: () =>
            {
                world.Kill();
                return new ProcessKilledException();
            });

            await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));
            world.Revive();

            DeploymentRecord killed = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.InProgress, killed.Status);
            Assert.Equal($"{ReleaseSteps.LaunchMachines}: {StepOutcome.Started}", $"{killed.Steps[^1].Name}: {killed.Steps[^1].Outcome}");
            List<MachineInstance> unnamed = world.Machines.Running.Where(m => m.Release == "v2").ToList();
            Assert.Equal(2, unnamed.Count);
            Assert.All(unnamed, m =>
            {
                // Listed under its instance id, no journal naming it, but tagged with the deployment by RunInstances.
                Assert.Equal("shop-" + m.InstanceId, m.Name);
                Assert.Equal(killed.Id, m.Deployment);
                Assert.DoesNotContain(m.Name, DeploymentFacts.FromFacts(killed.Facts).EveryTried);
            });
            return (world, killed, unnamed);
        }

        /// <summary>Get-BgMachine's view: no machine is an Orphan (in no target group and not the deployment's).</summary>
        private static async Task AssertNoOrphanAsync(ReleaseWorld world)
        {
            using var services = new MachineServices(world.Config, world.Machines, world.Database, world.Elb, world.Reporter);
            IReadOnlyList<Machine> machines = await services.ListAsync(true, CancellationToken.None);
            Assert.All(machines, m => Assert.NotEqual(MachineRole.Orphan, m.Role));
        }
    }
}
