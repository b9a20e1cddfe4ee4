using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Traffic;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class MachineRemovalTests
    {
        private readonly FakeMachineProvider _provider = new FakeMachineProvider();
        private readonly InMemoryTargetGroups _elb = new InMemoryTargetGroups();
        private readonly RecordingReporter _reporter = new RecordingReporter();

        /// <summary>Two healthy live machines (blue), one idle (green), one orphan.</summary>
        private IReadOnlyList<Machine> World(string secondLiveHealth = "healthy")
        {
            _provider.Add("shop-live0001", "i-live1");
            _provider.Add("shop-live0002", "i-live2");
            _provider.Add("shop-idle0001", "i-idle1");
            _provider.Add("shop-orph0001", "i-orph1");
            _elb.Add(MachineTestWorld.BlueArn, "i-live1", "healthy");
            _elb.Add(MachineTestWorld.BlueArn, "i-live2", secondLiveHealth);
            _elb.Add(MachineTestWorld.GreenArn, "i-idle1", "healthy");
            TrafficState traffic = MachineTestWorld.Traffic(
                new Dictionary<string, string> { ["i-live1"] = "healthy", ["i-live2"] = secondLiveHealth },
                new Dictionary<string, string> { ["i-idle1"] = "healthy", ["i-gone"] = "unhealthy" });
            return MachineInventory.Join(_provider.Machines.OrderBy(m => m.Name).ToList(), traffic, _reporter);
        }

        private MachineRemover Remover() =>
            new MachineRemover(_provider, new TargetGroupMembership(_elb, _reporter) { FirstPollInterval = TimeSpan.FromMilliseconds(1) }, _reporter);

        [Fact]
        public void Inventory_joins_roles_colors_health_and_shows_orphans()
        {
            IReadOnlyList<Machine> machines = World();
            Machine live = machines.Single(m => m.Name == "shop-live0001");
            Assert.Equal((MachineRole.Live, "shop-blue", "blue", "healthy"), (live.Role, live.TargetGroup, live.Color, live.Health));
            Machine idle = machines.Single(m => m.Name == "shop-idle0001");
            Assert.Equal((MachineRole.Idle, "shop-green", "green"), (idle.Role, idle.TargetGroup, idle.Color));
            Machine orphan = machines.Single(m => m.Name == "shop-orph0001");
            Assert.Equal(MachineRole.Orphan, orphan.Role);
            Assert.Null(orphan.TargetGroup);
            Assert.Contains(_reporter.Warnings, w => w.Contains("i-gone"));
        }

        [Fact]
        public void Inventory_without_a_load_balancer_makes_every_machine_an_orphan()
        {
            _provider.Add("shop-live0001", "i-live1");
            Assert.All(MachineInventory.Join(_provider.Machines.ToList(), null, _reporter), m => Assert.Equal(MachineRole.Orphan, m.Role));
        }

        [Fact]
        public void Guard_allows_idle_and_orphans_and_refuses_live_without_force()
        {
            IReadOnlyList<Machine> machines = World();
            var guard = new MachineRemovalGuard(machines, force: false);
            Assert.Null(guard.Check(machines.Single(m => m.Role == MachineRole.Idle)));
            Assert.Null(guard.Check(machines.Single(m => m.Role == MachineRole.Orphan)));
            BlueGreenException refusal = guard.Check(machines.First(m => m.Role == MachineRole.Live))!;
            Assert.Equal("LiveMachine", refusal.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, refusal.Category);
            Assert.Contains("-Force", refusal.Message);
        }

        [Fact]
        public void Guard_refuses_the_last_healthy_live_machine_even_with_force()
        {
            IReadOnlyList<Machine> machines = World();
            var guard = new MachineRemovalGuard(machines, force: true);
            Machine first = machines.Single(m => m.Name == "shop-live0001");
            Machine second = machines.Single(m => m.Name == "shop-live0002");
            Assert.Null(guard.Check(first));
            guard.Allow(first);
            BlueGreenException refusal = guard.Check(second)!;
            Assert.Equal("LastHealthyLiveMachine", refusal.ErrorId);
            Assert.Same(second, refusal.Target);
        }

        [Fact]
        public void Guard_lets_an_unhealthy_live_machine_go_with_force_while_a_healthy_one_remains()
        {
            IReadOnlyList<Machine> machines = World(secondLiveHealth: "unhealthy");
            var guard = new MachineRemovalGuard(machines, force: true);
            Assert.Null(guard.Check(machines.Single(m => m.Name == "shop-live0002")));
            Assert.Equal("LastHealthyLiveMachine", guard.Check(machines.Single(m => m.Name == "shop-live0001"))!.ErrorId);
        }

        [Fact]
        public async Task Removal_deregisters_waits_for_draining_then_removes()
        {
            IReadOnlyList<Machine> machines = World();
            _elb.PollsWhileDraining = 3;

            MachineRemovalReport report = await Remover().RemoveAsync(machines, new[] { "shop-idle0001" }, false, ApproveAll.Instance, CancellationToken.None);

            Assert.Equal("shop-idle0001", Assert.Single(report.Removed).Name);
            Assert.Empty(report.Failures);
            Assert.Equal("shop-idle0001", Assert.Single(_provider.Removed));
            Assert.Null(_elb.StateOf(MachineTestWorld.GreenArn, "i-idle1"));
            int deregistered = _elb.Calls.IndexOf($"deregister i-idle1 {MachineTestWorld.GreenArn}");
            Assert.True(deregistered >= 0);
            Assert.True(_elb.Calls.Skip(deregistered).Count(c => c.StartsWith("health", StringComparison.Ordinal)) >= 3);
        }

        [Fact]
        public async Task Draining_that_takes_too_long_leaves_the_machine_in_place()
        {
            IReadOnlyList<Machine> machines = World();
            _elb.PollsWhileDraining = int.MaxValue;
            MachineRemover remover = Remover();
            remover.DrainTimeout = TimeSpan.FromMilliseconds(150);

            MachineRemovalReport report = await remover.RemoveAsync(machines, new[] { "shop-idle0001" }, false, ApproveAll.Instance, CancellationToken.None);

            Assert.Empty(report.Removed);
            Assert.Equal("WaitTimedOut", Assert.Single(report.Failures).ErrorId);
            Assert.Empty(_provider.Removed);
        }

        [Fact]
        public async Task Declined_approval_changes_nothing()
        {
            IReadOnlyList<Machine> machines = World();
            var approval = new RecordingApproval(answer: false);

            MachineRemovalReport report = await Remover().RemoveAsync(machines, new[] { "shop-idle0001", "shop-orph0001" }, false, approval, CancellationToken.None);

            Assert.Empty(report.Removed);
            Assert.Empty(report.Failures);
            Assert.Equal(2, approval.Asked.Count);
            Assert.Contains("shop-idle0001", approval.Asked[0].Target);
            Assert.Contains("Deregister from shop-green", approval.Asked[0].Action);
            Assert.Empty(_provider.Removed);
            Assert.DoesNotContain(_elb.Calls, c => c.StartsWith("deregister", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Refused_and_unknown_machines_are_reported_and_the_rest_removed()
        {
            IReadOnlyList<Machine> machines = World();
            var approval = new RecordingApproval(answer: true);

            MachineRemovalReport report = await Remover().RemoveAsync(machines, new[] { "shop-live0001", "shop-nothere1", "shop-orph0001" }, false, approval, CancellationToken.None);

            Assert.Equal(new[] { "shop-orph0001" }, report.Removed.Select(m => m.Name));
            Assert.Equal(new[] { "LiveMachine", "MachineNotFound" }, report.Failures.Select(f => f.ErrorId));
            Assert.Single(approval.Asked);
            Assert.Equal(new[] { "shop-orph0001" }, _provider.Removed);
        }

        [Fact]
        public async Task With_force_one_live_machine_goes_but_never_the_last_healthy_one()
        {
            IReadOnlyList<Machine> machines = World();
            MachineRemovalReport report = await Remover().RemoveAsync(machines, new[] { "shop-live0001", "shop-live0002" }, true, ApproveAll.Instance, CancellationToken.None);

            Assert.Equal(new[] { "shop-live0001" }, report.Removed.Select(m => m.Name));
            Assert.Equal("LastHealthyLiveMachine", Assert.Single(report.Failures).ErrorId);
            Assert.Equal("healthy", _elb.StateOf(MachineTestWorld.BlueArn, "i-live2"));
        }

        private sealed class RecordingApproval : IChangeApproval
        {
            private readonly bool _answer;

            internal RecordingApproval(bool answer) => _answer = answer;

            internal List<(string Target, string Action)> Asked { get; } = new List<(string, string)>();

            public bool Approve(string target, string action)
            {
                Asked.Add((target, action));
                return _answer;
            }
        }
    }
}
