using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Processes
{
    public class CliWrapCommandRunnerTests
    {
        private const string Python = "/usr/bin/python3";

        private static CommandRequest PythonScript(string script, params string[] arguments)
        {
            var all = new List<string> { "-c", script };
            all.AddRange(arguments);
            return new CommandRequest(Python, all);
        }

        [Fact]
        public async Task PassesEveryArgumentAsItIsWithoutAShell()
        {
            string[] hostile = { "a b", "; rm -rf /", "$(reboot)", "'quoted'", "\"double\"", "", "--flag" };
            CommandResult result = await CliWrapCommandRunner.Instance.RunAsync(
                PythonScript("import sys\nfor a in sys.argv[1:]: print(repr(a))", hostile), CancellationToken.None);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "'a b'", "'; rm -rf /'", "'$(reboot)'", "\"'quoted'\"", "'\"double\"'", "''", "'--flag'" }, result.StandardOutput);
            Assert.True(result.Duration > TimeSpan.Zero);
        }

        [Fact]
        public async Task SetsWorkingDirectoryEnvironmentAndStandardInput()
        {
            string directory = Path.GetTempPath();
            var request = PythonScript("import os, sys\nprint(os.getcwd())\nprint(os.environ.get('BG_TEST_VALUE'))\nprint('HOME' in os.environ)\nprint(sys.stdin.read().upper())");
            request.WorkingDirectory = directory;
            request.Environment = new Dictionary<string, string?> { ["BG_TEST_VALUE"] = "ünïcode value", ["HOME"] = null };
            request.StandardInput = "from stdin";

            CommandResult result = await CliWrapCommandRunner.Instance.RunAsync(request, CancellationToken.None);

            Assert.Equal(Path.GetFullPath(directory).TrimEnd('/'), result.StandardOutput[0].TrimEnd('/'));
            Assert.Equal("ünïcode value", result.StandardOutput[1]);
            Assert.Equal("False", result.StandardOutput[2]);
            Assert.Equal("FROM STDIN", result.StandardOutput[3]);
        }

        [Fact]
        public async Task MapsANonZeroExitToCommandFailedWithExitCodeAndStandardError()
        {
            var error = await Assert.ThrowsAsync<CommandFailedException>(() => CliWrapCommandRunner.Instance.RunAsync(
                PythonScript("import sys\nprint('out')\nsys.stderr.write('it broke\\n')\nsys.exit(3)"), CancellationToken.None));

            Assert.Equal(3, error.ExitCode);
            Assert.Equal("it broke\n", error.StandardError);
            Assert.Equal(CommandFailedException.Id, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidResult, error.Category);
            Assert.Contains("exit code 3: it broke", error.Message);
            Assert.Equal(new[] { "out" }, error.Result.StandardOutput);
        }

        [Fact]
        public async Task ReturnsANonZeroExitWhenAskedTo()
        {
            var request = PythonScript("import sys; sys.exit(5)");
            request.ThrowOnNonZeroExit = false;
            CommandResult result = await CliWrapCommandRunner.Instance.RunAsync(request, CancellationToken.None);
            Assert.Equal(5, result.ExitCode);
            Assert.False(result.Succeeded);
        }

        [Fact]
        public async Task StopsAProcessThatOutlivesItsTimeout()
        {
            var request = PythonScript("import time; time.sleep(30)");
            request.Timeout = TimeSpan.FromMilliseconds(300);
            var started = DateTime.UtcNow;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => CliWrapCommandRunner.Instance.RunAsync(request, CancellationToken.None));

            Assert.Equal("CommandTimedOut", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task ATimeoutNamesTheCommandTheMachineAndTheTimeAllowed()
        {
            var request = PythonScript("import time; time.sleep(30)");
            request.Timeout = TimeSpan.FromMilliseconds(400);
            request.Target = "machine shop-v42-1";

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => CliWrapCommandRunner.Instance.RunAsync(request, CancellationToken.None));

            Assert.Contains("time.sleep(30)", error.Message);
            Assert.Contains("on machine shop-v42-1", error.Message);
            Assert.Contains("400 ms it was allowed", error.Message);
            Assert.Contains("-CommandTimeoutSec", error.Message);
        }

        [Fact]
        public async Task ARequestWithoutATimeoutGetsTheRunnersDefaultDeadline()
        {
            var runner = new CliWrapCommandRunner(TimeSpan.FromMilliseconds(500));
            var started = DateTime.UtcNow;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => runner.RunAsync(PythonScript("import time; time.sleep(30)"), CancellationToken.None));

            Assert.Equal("CommandTimedOut", error.ErrorId);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            Assert.Equal(CommandRequest.DefaultTimeout, CliWrapCommandRunner.Instance.DefaultTimeout);
            Assert.Throws<ArgumentOutOfRangeException>(() => new CliWrapCommandRunner(TimeSpan.Zero));
        }

        [Fact]
        public async Task ATimeoutStopsGrandchildrenThatHoldTheOutputOpen()
        {
            // The shell starts a grandchild that inherits standard output and outlives it: without the kill of the
            // whole tree and the cancelled pipes, reading the output would wait for the grandchild.
            var request = new CommandRequest("/bin/sh", new[] { "-c", "sleep 60 & echo started; wait" }) { Timeout = TimeSpan.FromMilliseconds(500) };
            var started = DateTime.UtcNow;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => CliWrapCommandRunner.Instance.RunAsync(request, CancellationToken.None));

            Assert.Equal("CommandTimedOut", error.ErrorId);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        }

        [Fact]
        public async Task TheBackstopGivesUpOnAnExecutionThatNeverEnds()
        {
            var never = new TaskCompletionSource<int>();
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var started = DateTime.UtcNow;

            await Assert.ThrowsAsync<TimeoutException>(() => CliWrapCommandRunner.WithBackstopAsync(never.Task, stop.Token, TimeSpan.FromMilliseconds(200)));

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
            Assert.Equal(7, await CliWrapCommandRunner.WithBackstopAsync(Task.FromResult(7), stop.Token, TimeSpan.FromMilliseconds(200)));
        }

        [Fact]
        public async Task ManyShortProcessesAllFinish()
        {
            // Issue 8: an exit notification lost between starting a process and waiting for it hung the test run.
            // Every run must end, 8 at a time, each well inside its own deadline.
            var runner = new CliWrapCommandRunner(TimeSpan.FromSeconds(20));
            var gate = new SemaphoreSlim(8);
            var runs = new List<Task<CommandResult>>();
            for (int index = 0; index < 400; index++)
            {
                await gate.WaitAsync();
                runs.Add(Task.Run(async () =>
                {
                    try
                    {
                        return await runner.RunAsync(new CommandRequest("/bin/true", Array.Empty<string>()), CancellationToken.None);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            CommandResult[] results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.All(results, result => Assert.Equal(0, result.ExitCode));
        }

        [Theory]
        [InlineData(400, "400 ms")]
        [InlineData(90_000, "90 s")]
        [InlineData(900_000, "15 min")]
        [InlineData(5_400_000, "90 min")]
        [InlineData(9_000_000, "2 h 30 min")]
        public void DescribesATimeoutAsPeopleSayIt(int milliseconds, string expected) =>
            Assert.Equal(expected, CliWrapCommandRunner.Describe(TimeSpan.FromMilliseconds(milliseconds)));

        [Fact]
        public async Task CancellationKillsTheProcess()
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CliWrapCommandRunner.Instance.RunAsync(PythonScript("import time; time.sleep(30)"), cancellation.Token));
        }

        [Fact]
        public async Task ReportsAMissingExecutable()
        {
            var error = await Assert.ThrowsAsync<BlueGreenException>(() => CliWrapCommandRunner.Instance.RunAsync(
                new CommandRequest("/nonexistent/bluegreen-tool", new[] { "x" }), CancellationToken.None));
            Assert.Equal("ExecutableNotFound", error.ErrorId);
            Assert.Equal(FailureCategory.NotInstalled, error.Category);
        }
    }
}
