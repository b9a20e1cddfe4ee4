using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Processes;
using BlueGreen.Tests.Unit.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Processes
{
    public sealed class ManageSessionPoolTests
    {
        private static readonly Dictionary<string, string?> DockerHost = new Dictionary<string, string?> { ["DOCKER_HOST"] = "ssh://ubuntu@127.0.0.2" };
        private readonly FakeSessionStarter _starter = new FakeSessionStarter();
        private readonly ProcessRunner _inner = new ProcessRunner();
        private readonly RecordingReporter _reporter = new RecordingReporter();
        private readonly ManageCommand _machineA = new ManageCommand("docker", new[] { "exec", "-i", "c0ffee", "python", "/app/manage.py" }, "/srv/shop", DockerHost, "machine shop-a");
        private readonly ManageCommand _machineB = new ManageCommand("docker", new[] { "exec", "-i", "beef00", "python", "/app/manage.py" }, "/srv/shop", DockerHost, "machine shop-b");

        private ManageSessionPool Pool() => new ManageSessionPool(_inner, _starter, TimeSpan.FromMinutes(1), _reporter);

        [Fact]
        public async Task A_session_starts_as_manage_py_shell_through_the_machines_own_command()
        {
            using ManageSessionPool pool = Pool();

            Assert.Equal(1, await pool.OpenAsync(new[] { _machineA }, CancellationToken.None));

            CommandRequest start = Assert.Single(_starter.Started).Request;
            Assert.Equal("docker", start.Executable);
            Assert.Equal(new[] { "exec", "-i", "c0ffee", "python", "/app/manage.py", "shell", "-c" }, start.Arguments.Take(7));
            Assert.Contains("ManagementUtility", start.Arguments[7]);
            Assert.Equal("/srv/shop", start.WorkingDirectory);
            Assert.Equal("ssh://ubuntu@127.0.0.2", start.Environment["DOCKER_HOST"]);
            Assert.True(pool.HasSession(_machineA));
            Assert.False(pool.HasSession(_machineB));
        }

        [Fact]
        public async Task Its_machines_manage_commands_are_answered_by_the_session_and_the_rest_by_the_inner_runner()
        {
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            CommandResult migrate = await pool.RunAsync(_machineA.CreateRequest(new[] { "migrate", "--noinput" }), CancellationToken.None);
            await pool.RunAsync(_machineB.CreateRequest(new[] { "maintenance_mode", "on" }), CancellationToken.None);
            await pool.RunAsync(new CommandRequest("docker", new[] { "ps" }) { Environment = DockerHost }, CancellationToken.None);
            CommandRequest withInput = _machineA.CreateRequest(new[] { "shell" });
            withInput.StandardInput = "print(1)";
            await pool.RunAsync(withInput, CancellationToken.None);

            Assert.Equal(new[] { "migrate --noinput" }, _starter.Commands.Select(c => c.Command));
            Assert.Equal(new[] { "done migrate --noinput" }, migrate.StandardOutput);
            Assert.Contains("docker exec -i c0ffee python /app/manage.py migrate --noinput", migrate.CommandLine);
            Assert.Equal(new[] { "maintenance_mode on", "ps", "shell" }, _inner.Calls.Select(c => c.Arguments.Last() == "shell" ? "shell" : c.Arguments.Last() == "ps" ? "ps" : string.Join(" ", c.Arguments.TakeLast(2))));
            Assert.Contains(_reporter.Verbose, l => l.Contains("in the open manage.py session") && l.Contains("migrate --noinput"));
        }

        [Fact]
        public async Task Another_directory_or_environment_is_another_command()
        {
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);
            var otherHost = new ManageCommand("docker", _machineA.ArgumentPrefix, "/srv/shop", new Dictionary<string, string?> { ["DOCKER_HOST"] = "ssh://ubuntu@127.0.0.3" });
            var otherDirectory = new ManageCommand("docker", _machineA.ArgumentPrefix, "/srv/other", DockerHost);

            await pool.RunAsync(otherHost.CreateRequest(new[] { "migrate" }), CancellationToken.None);
            await pool.RunAsync(otherDirectory.CreateRequest(new[] { "migrate" }), CancellationToken.None);

            Assert.Empty(_starter.Commands);
            Assert.Equal(2, _inner.Calls.Count);
        }

        [Fact]
        public async Task A_non_zero_exit_throws_CommandFailed_unless_the_request_accepts_it()
        {
            _starter.Answer = args => (1, string.Empty, "CommandError: Conflicting migrations detected\n");
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            var error = await Assert.ThrowsAsync<CommandFailedException>(() => pool.RunAsync(_machineA.CreateRequest(new[] { "migrate" }), CancellationToken.None));
            CommandRequest accepting = _machineA.CreateRequest(new[] { "migrate" });
            accepting.ThrowOnNonZeroExit = false;
            CommandResult result = await pool.RunAsync(accepting, CancellationToken.None);

            Assert.Equal(1, error.ExitCode);
            Assert.Contains("Conflicting migrations", error.StandardError);
            Assert.False(result.Succeeded);
            Assert.Empty(_inner.Calls);
        }

        [Fact]
        public async Task OpenAsync_opens_the_expected_commands_too_once_each_and_not_again_when_open()
        {
            using ManageSessionPool pool = Pool();
            pool.Expect(_machineB);
            pool.Expect(new ManageCommand("docker", _machineB.ArgumentPrefix, "/srv/shop", DockerHost, "machine shop-b"));

            Assert.Equal(2, await pool.OpenAsync(new[] { _machineA, _machineA }, CancellationToken.None));
            Assert.Equal(2, await pool.OpenAsync(new[] { _machineA }, CancellationToken.None));

            Assert.Equal(new[] { "machine shop-a", "machine shop-b" }, _starter.Started.Select(s => s.Request.Target).OrderBy(t => t));
        }

        [Fact]
        public async Task Disabled_it_opens_nothing_and_every_command_starts_its_own_process()
        {
            using ManageSessionPool pool = Pool();
            pool.Enabled = false;

            Assert.Equal(0, await pool.OpenAsync(new[] { _machineA }, CancellationToken.None));
            await pool.RunAsync(_machineA.CreateRequest(new[] { "maintenance_mode", "on" }), CancellationToken.None);

            Assert.Empty(_starter.Started);
            Assert.Single(_inner.Calls);
        }

        [Fact]
        public async Task A_session_that_cannot_open_is_a_warning_and_its_commands_run_as_before()
        {
            _starter.EndsAtStart = true;
            using ManageSessionPool pool = Pool();

            Assert.Equal(0, await pool.OpenAsync(new[] { _machineA }, CancellationToken.None));
            await pool.RunAsync(_machineA.CreateRequest(new[] { "maintenance_mode", "on" }), CancellationToken.None);

            string warning = Assert.Single(_reporter.Warnings);
            Assert.Contains("shop-a", warning);
            Assert.Contains("exit code 1", warning);
            Assert.Contains("No module named 'maintenance_mode'", warning);
            Assert.Single(_inner.Calls);
        }

        [Fact]
        public async Task A_session_that_never_answers_ready_is_stopped_after_the_open_timeout()
        {
            _starter.NeverReady = true;
            using ManageSessionPool pool = Pool();
            pool.OpenTimeout = TimeSpan.FromMilliseconds(50);

            Assert.Equal(0, await pool.OpenAsync(new[] { _machineA }, CancellationToken.None));

            Assert.True(Assert.Single(_starter.Started).Stopped);
            Assert.Contains("did not answer within 50 ms", Assert.Single(_reporter.Warnings));
        }

        [Fact]
        public async Task A_session_that_ended_before_the_command_sends_it_to_a_process_of_its_own()
        {
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);
            Assert.Single(_starter.Started).End(0);

            await pool.RunAsync(_machineA.CreateRequest(new[] { "maintenance_mode", "off" }), CancellationToken.None);

            Assert.Empty(_starter.Commands);
            Assert.Single(_inner.Calls);
            Assert.False(pool.HasSession(_machineA));
        }

        [Fact]
        public async Task A_session_that_dies_during_a_command_fails_it_and_the_next_command_runs_without_it()
        {
            _starter.DiesIn = args => args[0] == "migrate";
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => pool.RunAsync(_machineA.CreateRequest(new[] { "migrate", "--noinput" }), CancellationToken.None));
            await pool.RunAsync(_machineA.CreateRequest(new[] { "maintenance_mode", "off" }), CancellationToken.None);

            Assert.Equal("ManageSessionEnded", error.ErrorId);
            Assert.Contains("exit code 137", error.Message);
            Assert.Contains("not known", error.Message);
            Assert.Equal("maintenance_mode off", string.Join(" ", Assert.Single(_inner.Calls).Arguments.TakeLast(2)));
        }

        [Fact]
        public async Task A_command_past_its_deadline_times_out_and_closes_the_session()
        {
            _starter.Hangs = args => args[0] == "migrate";
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => pool.RunAsync(_machineA.CreateRequest(new[] { "migrate" }, TimeSpan.FromMilliseconds(50)), CancellationToken.None));

            Assert.Equal("CommandTimedOut", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.True(Assert.Single(_starter.Started).Stopped);
            Assert.False(pool.HasSession(_machineA));
        }

        [Fact]
        public async Task A_cancelled_command_closes_the_session()
        {
            _starter.Hangs = _ => true;
            using ManageSessionPool pool = Pool();
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RunAsync(_machineA.CreateRequest(new[] { "migrate" }), cancel.Token));

            Assert.True(Assert.Single(_starter.Started).Stopped);
        }

        [Fact]
        public async Task Closing_the_pool_stops_every_session_and_forgets_what_was_expected()
        {
            ManageSessionPool pool = Pool();
            pool.Expect(_machineB);
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            pool.Dispose();

            Assert.Equal(2, _starter.Started.Count);
            Assert.All(_starter.Started, s => Assert.True(s.Stopped));
            Assert.Empty(pool.Open);
            Assert.Equal(0, await pool.OpenAsync(Array.Empty<ManageCommand>(), CancellationToken.None));
        }

        [Fact]
        public async Task CloseAsync_closes_the_sessions_but_a_later_window_opens_the_announced_commands_again()
        {
            using ManageSessionPool pool = Pool();
            pool.Expect(_machineB);
            await pool.OpenAsync(new[] { _machineA }, CancellationToken.None);

            await pool.CloseAsync();
            await pool.RunAsync(_machineB.CreateRequest(new[] { "maintenance_mode", "off" }), CancellationToken.None);
            int reopened = await pool.OpenAsync(Array.Empty<ManageCommand>(), CancellationToken.None);

            Assert.Single(_inner.Calls);
            Assert.Equal(1, reopened);
            Assert.True(pool.HasSession(_machineB));
            Assert.Equal(3, _starter.Started.Count);
        }

        /// <summary>Records what reaches it: what a process of its own would have run.</summary>
        private sealed class ProcessRunner : ICommandRunner
        {
            internal ConcurrentQueue<CommandRequest> Calls { get; } = new ConcurrentQueue<CommandRequest>();

            public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
            {
                Calls.Enqueue(request);
                return Task.FromResult(new CommandResult(request.DisplayText, 0, Array.Empty<string>(), string.Empty, TimeSpan.Zero));
            }
        }
    }
}
