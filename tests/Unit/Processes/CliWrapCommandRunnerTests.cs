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
