using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;
using BlueGreen.Traffic;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class MachineLauncherTests
    {
        private readonly FakeMachineProvider _provider = new FakeMachineProvider();
        private readonly RecordingCommandRunner _runner = new RecordingCommandRunner();
        private readonly InMemoryTargetGroups _elb = new InMemoryTargetGroups();
        private readonly RecordingReporter _reporter = new RecordingReporter();

        private MachineLauncher Launcher()
        {
            var compose = new ComposeRunner(_runner, new ComposeSettings { DockerExecutable = "/opt/docker", ProjectDirectory = "app" }, "/srv/shop", _reporter);
            return new MachineLauncher(
                _provider,
                _provider.CreateApplication(compose, new ManageRunner(_runner, compose, new ManageSettings(), "/srv/shop", _reporter)),
                new TargetGroupMembership(_elb, _reporter),
                _reporter);
        }

        private static ProjectTargetGroup Live => MachineTestWorld.Traffic().Live;

        [Fact]
        public async Task Launches_start_the_app_register_and_report_each_machine()
        {
            MachineLaunchReport report = await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 3) { Release = "r1", TargetGroup = Live }, CancellationToken.None);

            Assert.Equal(3, report.Launched.Count);
            Assert.Empty(report.Failures);
            foreach (Machine machine in report.Launched)
            {
                Assert.Matches("^shop-[0-9a-f]{8}$", machine.Name);
                Assert.Equal(MachineRole.Live, machine.Role);
                Assert.Equal("shop-blue", machine.TargetGroup);
                Assert.Equal("blue", machine.Color);
                Assert.Equal("r1", machine.Release);
                Assert.NotNull(machine.Health);
                Assert.Contains($"register {machine.InstanceId} {MachineTestWorld.BlueArn}", _elb.Calls);
            }

            Assert.Equal(3, _runner.Requests.Count);
            Assert.All(_runner.Requests, r =>
            {
                Assert.Equal("/opt/docker", r.Executable);
                Assert.Equal(new[] { "compose", "-f", "docker-compose.production.yml", "up", "--build", "-d" }, r.Arguments);
                Assert.Equal("/srv/shop/app", r.WorkingDirectory);
                Assert.StartsWith("ssh://ubuntu@198.51.100.", r.Environment["DOCKER_HOST"]);
            });
            Assert.Equal(3, report.Launched.Select(m => m.Name).Distinct().Count());
        }

        [Fact]
        public async Task Each_launch_has_its_own_child_activity_and_every_activity_is_completed()
        {
            await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 4) { MaxParallel = 2 }, CancellationToken.None);

            int[] children = _reporter.Progress.Where(p => p.ActivityId != MachineLauncher.BatchActivityId).Select(p => p.ActivityId).Distinct().OrderBy(i => i).ToArray();
            Assert.Equal(Enumerable.Range(MachineLauncher.BatchActivityId + 1, 4), children);
            Assert.All(_reporter.Progress.Where(p => p.ActivityId != MachineLauncher.BatchActivityId), p => Assert.Equal(MachineLauncher.BatchActivityId, p.ParentActivityId));
            Assert.Empty(_reporter.OpenActivities);
            Assert.Contains(MachineLauncher.BatchActivityId, _reporter.Completed);
            Assert.Equal(100, _reporter.Progress.Last(p => p.ActivityId == MachineLauncher.BatchActivityId).PercentComplete);
        }

        [Fact]
        public async Task Parallelism_is_bounded_by_MaxParallel()
        {
            _provider.LaunchDelay = TimeSpan.FromMilliseconds(100);
            await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 6) { MaxParallel = 2, StartApplication = false }, CancellationToken.None);
            Assert.Equal(2, _provider.PeakConcurrency);
        }

        [Fact]
        public async Task Keep_cleans_up_the_failed_launch_and_keeps_the_others_registered()
        {
            _provider.FailingLaunches.Add(2);
            MachineLaunchReport report = await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 3) { MaxParallel = 1, TargetGroup = Live }, CancellationToken.None);

            Assert.Equal(2, report.Launched.Count);
            MachineLaunchFailure failure = Assert.Single(report.Failures);
            Assert.Equal(1, failure.Index);
            Assert.Equal("LaunchFailed", failure.Error.ErrorId);
            Assert.Contains("launch 2 failed on purpose", failure.Error.Message);
            Assert.Empty(report.RolledBack);
            Assert.Equal(2, _provider.Machines.Count);
            Assert.Equal(2, _elb.Calls.Count(c => c.StartsWith("register", StringComparison.Ordinal)));
            Assert.Empty(_reporter.OpenActivities);
        }

        [Fact]
        public async Task RollBack_removes_every_machine_and_registers_none()
        {
            _provider.FailingLaunches.Add(3);
            MachineLaunchReport report = await Launcher().LaunchAsync(
                new MachineLaunchOptions("shop-", 3) { MaxParallel = 3, TargetGroup = Live, OnFailure = LaunchFailurePolicy.RollBack }, CancellationToken.None);

            Assert.Empty(report.Launched);
            Assert.Single(report.Failures);
            Assert.Equal(2, report.RolledBack.Count);
            Assert.Empty(_provider.Machines);
            Assert.DoesNotContain(_elb.Calls, c => c.StartsWith("register", StringComparison.Ordinal));
        }

        [Fact]
        public async Task RollBack_registers_only_once_all_launched()
        {
            MachineLaunchReport report = await Launcher().LaunchAsync(
                new MachineLaunchOptions("shop-", 2) { TargetGroup = MachineTestWorld.Traffic().Idle, OnFailure = LaunchFailurePolicy.RollBack }, CancellationToken.None);

            Assert.Equal(2, report.Launched.Count);
            Assert.All(report.Launched, m => Assert.Equal(MachineRole.Idle, m.Role));
            Assert.Equal(2, _elb.Calls.Count(c => c.StartsWith("register", StringComparison.Ordinal) && c.EndsWith(MachineTestWorld.GreenArn, StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_failed_compose_up_removes_its_machine_and_carries_exit_code_and_stderr()
        {
            _runner.When(a => a.Contains("up"), exitCode: 17, error: "failed to solve: pip install");
            MachineLaunchReport report = await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 1) { TargetGroup = Live }, CancellationToken.None);

            MachineLaunchFailure failure = Assert.Single(report.Failures);
            CommandFailedException error = Assert.IsType<CommandFailedException>(failure.Error);
            Assert.Equal(17, error.ExitCode);
            Assert.Contains("pip install", error.StandardError);
            Assert.Empty(_provider.Machines);
            Assert.Single(_provider.Removed);
            Assert.Empty(_elb.Calls);
        }

        [Fact]
        public async Task Cancelling_removes_the_launches_in_flight_and_throws()
        {
            _provider.LaunchDelay = TimeSpan.FromSeconds(30);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 2) { OnFailure = LaunchFailurePolicy.RollBack }, cancellation.Token));
            Assert.Empty(_provider.Machines);
            Assert.Empty(_reporter.OpenActivities);
        }

        [Fact]
        public async Task Without_a_target_group_machines_are_orphans_and_nothing_is_registered()
        {
            MachineLaunchReport report = await Launcher().LaunchAsync(new MachineLaunchOptions("shop-", 1), CancellationToken.None);
            Assert.Equal(MachineRole.Orphan, Assert.Single(report.Launched).Role);
            Assert.Empty(_elb.Calls);
        }
    }
}
