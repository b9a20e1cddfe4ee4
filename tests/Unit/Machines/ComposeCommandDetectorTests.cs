using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>Which compose CLI is used when bluegreen.psd1 names none: v2 when 'docker compose version' works, else docker-compose on PATH.</summary>
    public sealed class ComposeCommandDetectorTests
    {
        private static bool IsVersion(IReadOnlyList<string> a) => a.SequenceEqual(new[] { "compose", "version" });

        [Fact]
        public async Task Docker_compose_version_exiting_0_means_v2_and_is_asked_once()
        {
            var runner = new RecordingCommandRunner().When(IsVersion, output: new[] { "Docker Compose version v2.29.7" });
            var detector = new ComposeCommandDetector(runner, _ => "/usr/bin/docker-compose");

            ComposeCommand first = await detector.DetectAsync(CancellationToken.None);
            ComposeCommand second = await detector.DetectAsync(CancellationToken.None);

            Assert.Equal("docker", first.Executable);
            Assert.Equal(new[] { "compose" }, first.Prefix);
            Assert.Contains("v2.29.7", first.Source);
            Assert.Same(first, second);
            CommandRequest version = Assert.Single(runner.Requests);
            Assert.Equal("docker", version.Executable);
        }

        [Fact]
        public async Task Without_the_compose_plugin_docker_compose_on_PATH_means_v1()
        {
            var runner = new RecordingCommandRunner().When(IsVersion, exitCode: 1, error: "docker: 'compose' is not a docker command.\nSee 'docker --help'");
            var detector = new ComposeCommandDetector(runner, name => name == "docker-compose" ? "/usr/bin/docker-compose" : null);

            ComposeCommand command = await detector.DetectAsync(CancellationToken.None);

            Assert.Equal("docker-compose", command.Executable);
            Assert.Empty(command.Prefix);
            Assert.Contains("/usr/bin/docker-compose", command.Source);
            Assert.Contains("'compose' is not a docker command", command.Source);
        }

        [Fact]
        public async Task Without_docker_at_all_docker_compose_on_PATH_still_means_v1()
        {
            var runner = new RecordingCommandRunner().When(IsVersion, _ => throw new BlueGreenException("ExecutableNotFound", FailureCategory.NotInstalled, "docker was not found", "docker"));
            var detector = new ComposeCommandDetector(runner, name => name == "docker-compose" ? "/opt/bin/docker-compose" : null);
            ComposeCommand command = await detector.DetectAsync(CancellationToken.None);
            Assert.Equal("docker-compose", command.Executable);
            Assert.Contains("docker is not on PATH", command.Source);
        }

        [Fact]
        public async Task With_neither_the_error_names_both_and_Compose_Command_and_a_later_call_detects_again()
        {
            bool installed = false;
            var runner = new RecordingCommandRunner().When(IsVersion, exitCode: 125, error: "unknown command");
            var detector = new ComposeCommandDetector(runner, name => installed && name == "docker-compose" ? "/usr/bin/docker-compose" : null);

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => detector.DetectAsync(CancellationToken.None));
            Assert.Equal("ComposeNotFound", error.ErrorId);
            Assert.Contains("'docker compose'", error.Message);
            Assert.Contains("'docker-compose'", error.Message);
            Assert.Contains("Compose.Command", error.Message);
            Assert.Contains("exited with 125", error.Message);

            installed = true;
            Assert.Equal("docker-compose", (await detector.DetectAsync(CancellationToken.None)).Executable);
        }

        [Fact]
        public async Task A_runner_without_Command_or_DockerExecutable_asks_its_detector()
        {
            var runner = new RecordingCommandRunner().When(IsVersion, exitCode: 1);
            var detector = new ComposeCommandDetector(runner, name => name == "docker-compose" ? "/usr/bin/docker-compose" : null);
            var compose = new ComposeRunner(runner, new ComposeSettings { File = "production.yml" }, "/srv/shop", NullOperationReporter.Instance, detector);

            await compose.RunAsync(new DockerConnection("unix:///var/run/docker.sock"), new[] { "ps" }, CancellationToken.None);

            CommandRequest ps = runner.Requests.Last();
            Assert.Equal("docker-compose", ps.Executable);
            Assert.Equal(new[] { "-f", "production.yml", "ps" }, ps.Arguments);
        }
    }
}
