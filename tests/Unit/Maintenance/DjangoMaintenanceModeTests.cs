using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.Processes;
using BlueGreen.Tests.Unit.Machines;
using BlueGreen.Tests.Unit.Processes;
using BlueGreen.Traffic;
using Xunit;

namespace BlueGreen.Tests.Unit.Maintenance
{
    public sealed class DjangoMaintenanceModeTests
    {
        private readonly FakeMachineProvider _provider = new FakeMachineProvider();
        private readonly MachineRunner _runner = new MachineRunner();
        private readonly RecordingReporter _reporter = new RecordingReporter();
        private TrafficState _traffic;

        public DjangoMaintenanceModeTests()
        {
            // Two live (blue) machines, one idle (green) machine, one machine registered nowhere.
            _provider.Add("shop-a", "i-a");
            _provider.Add("shop-b", "i-b");
            _provider.Add("shop-c", "i-c");
            _provider.Add("shop-orphan", "i-orphan");
            _traffic = MachineTestWorld.Traffic(
                new Dictionary<string, string> { ["i-a"] = "healthy", ["i-b"] = "unhealthy" },
                new Dictionary<string, string> { ["i-c"] = "healthy" });
        }

        private DjangoMaintenanceMode Mode(bool shared = false, ManageMode manageMode = ManageMode.Exec, int maxParallel = 8, ManageSessionPool? sessions = null)
        {
            ICommandRunner runner = sessions ?? (ICommandRunner)_runner;
            var compose = new ComposeRunner(runner, new ComposeSettings { Command = new[] { "docker", "compose" } }, "/srv/shop", _reporter);
            var manage = new ManageRunner(runner, compose, new ManageSettings { Mode = manageMode }, "/srv/shop", _reporter);
            return new DjangoMaintenanceMode(_provider, manage, _ => Task.FromResult(_traffic), new MaintenanceSettings { Shared = shared }, _reporter, sessions) { MaxParallel = maxParallel };
        }

        private ManageSessionPool Sessions(FakeSessionStarter starter) => new ManageSessionPool(_runner, starter, TimeSpan.FromMinutes(1), _reporter);

        [Fact]
        public async Task With_shared_state_sessions_open_before_the_window_on_the_first_machine_of_each_group_and_the_announced_ones()
        {
            var starter = new FakeSessionStarter();
            using ManageSessionPool sessions = Sessions(starter);
            var migrateMachine = new ManageCommand("docker", new[] { "compose", "exec", "-T", "django", "python", "/app/manage.py" }, "/srv/new", null, "machine shop-new");
            sessions.Expect(migrateMachine);

            MaintenanceReport on = await Mode(shared: true, sessions: sessions).EnableAsync(CancellationToken.None);
            await sessions.RunAsync(migrateMachine.CreateRequest(new[] { "migrate", "--noinput" }), CancellationToken.None);
            // After a switch the idle group's machine is live: the turn-off finds its session open.
            _traffic = MachineTestWorld.Traffic(
                new Dictionary<string, string> { ["i-c"] = "healthy" },
                new Dictionary<string, string> { ["i-a"] = "healthy", ["i-b"] = "unhealthy" });
            MaintenanceReport off = await Mode(shared: true, sessions: sessions).DisableAsync(CancellationToken.None);

            Assert.Equal(new[] { "machine shop-a", "machine shop-c", "machine shop-new" }, starter.Started.Select(s => s.Request.Target).OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal(new[] { "machine shop-a: maintenance_mode on", "machine shop-new: migrate --noinput", "machine shop-c: maintenance_mode off" }, starter.Commands.Select(c => c.Target + ": " + c.Command));
            Assert.Empty(_runner.Machines("on"));
            Assert.Empty(_runner.Machines("off"));
            Assert.Equal("shop-a", Assert.Single(on.Changes).Target);
            Assert.Equal("shop-c", Assert.Single(off.Changes).Target);
            Assert.Contains(_reporter.Verbose, l => l.Contains("3 manage.py session(s) open before the maintenance window"));
            // The window is over: every session was closed by the turn-off.
            Assert.Empty(sessions.Open);
            Assert.All(starter.Started, s => Assert.True(s.Stopped));
        }

        [Fact]
        public async Task Prepare_opens_the_sessions_and_changes_nothing_and_the_enable_opens_none_again()
        {
            var starter = new FakeSessionStarter();
            using ManageSessionPool sessions = Sessions(starter);
            DjangoMaintenanceMode mode = Mode(shared: true, sessions: sessions);

            await mode.PrepareAsync(CancellationToken.None);
            int opened = starter.Started.Count;
            Assert.Empty(starter.Commands);
            Assert.DoesNotContain(_runner.Calls, c => c.Arguments.Contains("maintenance_mode"));
            await mode.EnableAsync(CancellationToken.None);

            Assert.Equal(2, opened);
            Assert.Equal(2, starter.Started.Count);
            Assert.Equal(new[] { "machine shop-a: maintenance_mode on" }, starter.Commands.Select(c => c.Target + ": " + c.Command));
        }

        [Fact]
        public async Task Without_a_session_pool_prepare_does_nothing_and_the_enable_runs_processes_as_before()
        {
            DjangoMaintenanceMode mode = Mode(shared: true);

            await ((IMaintenanceMode)mode).PrepareAsync(CancellationToken.None);
            Assert.Empty(_runner.Calls);
            await mode.EnableAsync(CancellationToken.None);

            Assert.Equal(new[] { "shop-a" }, _runner.Machines("on"));
        }

        [Fact]
        public async Task Without_shared_state_every_machine_gets_a_session_in_its_running_service()
        {
            var starter = new FakeSessionStarter();
            using ManageSessionPool sessions = Sessions(starter);

            MaintenanceReport on = await Mode(manageMode: ManageMode.Run, sessions: sessions).EnableAsync(CancellationToken.None);

            Assert.True(on.Succeeded);
            Assert.Equal(new[] { "machine shop-a", "machine shop-b", "machine shop-c" }, starter.Started.Select(s => s.Request.Target).OrderBy(t => t, StringComparer.Ordinal));
            Assert.All(starter.Started, s => Assert.DoesNotContain("--rm", s.Request.Arguments));
            Assert.Equal(3, starter.Commands.Count(c => c.Command == "maintenance_mode on"));
            Assert.Empty(_runner.Machines("on"));
        }

        [Fact]
        public async Task When_sessions_cannot_open_the_window_runs_as_before_with_a_warning()
        {
            var starter = new FakeSessionStarter { EndsAtStart = true };
            using ManageSessionPool sessions = Sessions(starter);

            MaintenanceReport on = await Mode(shared: true, sessions: sessions).EnableAsync(CancellationToken.None);

            Assert.True(on.Succeeded);
            Assert.Equal(new[] { "shop-a" }, _runner.Machines("on"));
            Assert.Equal(2, _reporter.Warnings.Count(w => w.Contains("Could not open a manage.py session")));
        }

        [Fact]
        public async Task A_session_that_dies_in_the_turn_off_hands_over_to_the_next_machine()
        {
            int deaths = 0;
            var starter = new FakeSessionStarter { DiesIn = args => args[1] == "off" && deaths++ == 0 };
            using ManageSessionPool sessions = Sessions(starter);
            await Mode(shared: true, sessions: sessions).EnableAsync(CancellationToken.None);

            MaintenanceReport off = await Mode(shared: true, sessions: sessions).DisableAsync(CancellationToken.None);

            // shop-a's session died in the command (whether it took effect is unknown); shop-c's session turned it off.
            Assert.Equal("shop-c", Assert.Single(off.Changes).Target);
            Assert.Contains("session on machine shop-a ended (exit code 137)", Assert.Single(off.Warnings));
            Assert.Equal(new[] { "machine shop-a: maintenance_mode on", "machine shop-a: maintenance_mode off", "machine shop-c: maintenance_mode off" }, starter.Commands.Select(c => c.Target + ": " + c.Command));
        }

        [Fact]
        public async Task On_runs_in_the_running_service_of_every_machine_of_both_colors_and_no_other()
        {
            MaintenanceReport report = await Mode().EnableAsync(CancellationToken.None);

            Assert.True(report.Succeeded);
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c" }, _runner.Machines("on"));
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c" }, report.Changes.Select(c => c.Target).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(report.Changes, c => Assert.Equal(MaintenanceOutcome.Changed, c.Outcome));
            IReadOnlyList<string> arguments = _runner.Calls.First().Arguments;
            Assert.Equal(new[] { "exec", "-T", "django", "python", "/app/manage.py", "maintenance_mode", "on" }, arguments.SkipWhile(a => a != "exec"));
        }

        [Fact]
        public async Task Without_shared_state_it_uses_exec_even_when_Manage_Mode_is_Run()
        {
            // run --rm would write django-maintenance-mode's state file into a container that is thrown away.
            await Mode(manageMode: ManageMode.Run).EnableAsync(CancellationToken.None);

            Assert.All(_runner.Calls, c => Assert.Contains("exec", c.Arguments));
            Assert.DoesNotContain(_runner.Calls, c => c.Arguments.Contains("--rm"));
        }

        [Fact]
        public async Task Machines_run_in_parallel_but_never_more_than_MaxParallel_at_once()
        {
            for (int i = 0; i < 6; i++)
            {
                _provider.Add($"shop-p{i}", $"i-p{i}");
            }

            _traffic = MachineTestWorld.Traffic(Enumerable.Range(0, 6).ToDictionary(i => $"i-p{i}", _ => "healthy"));
            _runner.Delay = TimeSpan.FromMilliseconds(100);

            await Mode(maxParallel: 2).EnableAsync(CancellationToken.None);

            Assert.Equal(6, _runner.Calls.Count);
            Assert.Equal(2, _runner.Peak);
        }

        [Fact]
        public async Task With_shared_state_the_command_runs_once_on_a_healthy_live_machine_first()
        {
            MaintenanceReport on = await Mode(shared: true).EnableAsync(CancellationToken.None);
            MaintenanceReport off = await Mode(shared: true).DisableAsync(CancellationToken.None);

            Assert.Equal(new[] { "shop-a" }, _runner.Machines("on"));
            Assert.Equal(new[] { "shop-a" }, _runner.Machines("off"));
            Assert.Equal("shop-a", Assert.Single(on.Changes).Target);
            Assert.Equal("shop-a", Assert.Single(off.Changes).Target);
        }

        [Fact]
        public async Task With_shared_state_a_failing_machine_hands_over_to_the_next()
        {
            _runner.Failing.Add("shop-a");

            MaintenanceReport off = await Mode(shared: true).DisableAsync(CancellationToken.None);

            Assert.Equal(new[] { "shop-a", "shop-c" }, _runner.Machines("off"));
            Assert.Equal("shop-c", Assert.Single(off.Changes).Target);
            Assert.Contains("shop-a", Assert.Single(off.Warnings));
        }

        [Fact]
        public async Task Off_is_attempted_on_every_machine_and_the_failures_are_named()
        {
            _runner.Failing.Add("shop-b");

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().DisableAsync(CancellationToken.None));

            Assert.Equal("MaintenanceDisableFailed", error.ErrorId);
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c" }, _runner.Machines("off"));
            MaintenanceChange failed = Assert.Single(error.Report.Failures);
            Assert.Equal("shop-b", failed.Target);
            Assert.Contains("exit code 1", failed.Error);
            Assert.Contains("shop-b", error.Message);
            Assert.Equal(2, error.Report.Changes.Count(c => c.Outcome == MaintenanceOutcome.Changed));
        }

        [Fact]
        public async Task Off_with_a_cancelled_token_still_reports_every_machine()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().DisableAsync(cancelled.Token));

            Assert.Equal(3, error.Report.Failures.Count);
            Assert.All(error.Report.Failures, f => Assert.Equal("cancelled", f.Error));
        }

        [Fact]
        public async Task A_failed_on_is_taken_back_everywhere_before_it_fails()
        {
            _runner.Failing.Add("shop-c");

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().EnableAsync(CancellationToken.None));

            Assert.Equal("MaintenanceEnableFailed", error.ErrorId);
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c" }, _runner.Machines("on"));
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c" }, _runner.Machines("off"));
            Assert.Equal(MaintenanceOutcome.Failed, error.Report.Changes.Single(c => c.Target == "shop-c" && c.Outcome != MaintenanceOutcome.UndoFailed).Outcome);
            Assert.Equal(2, error.Report.Changes.Count(c => c.Outcome == MaintenanceOutcome.Undone));
            Assert.Contains("shop-c", error.Message);
            Assert.Contains("Turning it off again failed on shop-c", error.Message);
        }

        [Fact]
        public async Task On_without_any_serving_machine_is_refused_and_off_warns()
        {
            _traffic = MachineTestWorld.Traffic();

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => Mode().EnableAsync(CancellationToken.None));
            MaintenanceReport off = await Mode().DisableAsync(CancellationToken.None);

            Assert.Equal("MaintenanceNoServingMachine", error.ErrorId);
            Assert.Empty(off.Changes);
            Assert.Single(off.Warnings);
            Assert.Empty(_runner.Calls);
        }

        /// <summary>Records which machine (CommandRequest.Target "machine X") ran what; fails for <see cref="Failing"/>; tracks concurrency.</summary>
        private sealed class MachineRunner : ICommandRunner
        {
            private int _running;
            private int _peak;

            internal ConcurrentBag<string> Failing { get; } = new ConcurrentBag<string>();

            internal TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(5);

            internal int Peak => _peak;

            internal ConcurrentQueue<CommandRequest> Calls { get; } = new ConcurrentQueue<CommandRequest>();

            internal string[] Machines(string lastArgument) =>
                Calls.Where(c => c.Arguments[c.Arguments.Count - 1] == lastArgument).Select(MachineOf).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
            {
                if (request.Arguments[0] == "ps")
                {
                    // ServiceContainerFinder's docker ps lists no container here: manage.py goes through compose exec.
                    return new CommandResult(request.DisplayText, 0, Array.Empty<string>(), string.Empty, TimeSpan.Zero);
                }

                Calls.Enqueue(request);
                int now = Interlocked.Increment(ref _running);
                int peak;
                while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
                {
                }

                try
                {
                    await Task.Delay(Delay, cancellation).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }

                bool fails = Failing.Contains(MachineOf(request));
                var result = new CommandResult(request.DisplayText, fails ? 1 : 0, Array.Empty<string>(), fails ? "CommandError: cannot write state file" : string.Empty, Delay);
                return fails ? throw new CommandFailedException(result) : result;
            }

            private static string MachineOf(CommandRequest request) => (request.Target ?? string.Empty).Replace("machine ", string.Empty);
        }
    }
}
