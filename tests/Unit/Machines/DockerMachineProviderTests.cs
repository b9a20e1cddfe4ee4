using System;
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
    public sealed class DockerMachineProviderTests
    {
        private const string Inspect = @"{
    ""ConfigVersion"": 3,
    ""Driver"": { ""IPAddress"": ""10.1.2.3"", ""MachineName"": ""shop-0a1b2c3d"", ""SSHUser"": ""ubuntu"", ""InstanceId"": ""i-0123456789abcdef0"" },
    ""DriverName"": ""amazonec2"",
    ""HostOptions"": { ""EngineOptions"": { ""Labels"": [ ""project=shop"" ] } },
    ""Name"": ""shop-0a1b2c3d""
}";

        private static MachineSettings Settings(params string[] createOptions) => new MachineSettings
        {
            Prefix = "shop-",
            Provider = MachineProviderKind.DockerMachine,
            DockerMachine = new DockerMachineSettings { Executable = "/opt/fake/docker-machine", CreateOptions = createOptions },
        };

        private static bool Is(IReadOnlyList<string> args, string verb) => args.Count > 0 && args[0] == verb;

        [Fact]
        public async Task Create_is_one_argument_array_with_label_options_and_the_name_last()
        {
            var runner = new RecordingCommandRunner().When(a => Is(a, "inspect"), output: Inspect.Split('\n'));
            var provider = new DockerMachineProvider(runner, "shop", Settings("--amazonec2-instance-type", "t3.small"), NullOperationReporter.Instance);

            MachineInstance machine = await provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d", "r42"), new Progress<string>(), CancellationToken.None);

            CommandRequest create = runner.Requests.First();
            Assert.Equal("/opt/fake/docker-machine", create.Executable);
            Assert.Equal(new[] { "create", "-d", "amazonec2", "--engine-label", "project=shop", "--amazonec2-instance-type", "t3.small", "shop-0a1b2c3d" }, create.Arguments);
            Assert.Equal(new[] { "inspect", "shop-0a1b2c3d" }, runner.Requests.Last().Arguments);
            Assert.Equal("i-0123456789abcdef0", machine.InstanceId);
            Assert.Equal("10.1.2.3", machine.Address);
            Assert.Equal("ubuntu", machine.SshUser);
            Assert.Equal("r42", machine.Release);
            Assert.Equal(MachineProviderKind.DockerMachine, machine.Provider);
        }

        [Fact]
        public async Task A_create_that_fails_half_way_is_removed_with_force()
        {
            var runner = new RecordingCommandRunner().When(a => Is(a, "create"), exitCode: 1, error: "Error creating machine: Error running provisioning");
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);

            CommandFailedException error = await Assert.ThrowsAsync<CommandFailedException>(() =>
                provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None));

            Assert.Equal(1, error.ExitCode);
            Assert.Contains("Error running provisioning", error.StandardError);
            Assert.Equal(new[] { "rm", "-f", "-y", "shop-0a1b2c3d" }, runner.Requests.Last().Arguments);
        }

        [Fact]
        public async Task A_cancelled_create_is_still_cleaned_up()
        {
            using var cancellation = new CancellationTokenSource();
            var runner = new RecordingCommandRunner().When(a => Is(a, "create"), delay: TimeSpan.FromSeconds(30));
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), cancellation.Token));

            Assert.Equal(new[] { "rm", "-f", "-y", "shop-0a1b2c3d" }, runner.Requests.Last().Arguments);
        }

        [Fact]
        public async Task A_name_outside_the_prefix_is_refused_before_any_call()
        {
            var runner = new RecordingCommandRunner();
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                provider.LaunchAsync(new MachineLaunchRequest("other-0a1b2c3d"), new Progress<string>(), CancellationToken.None));
            Assert.Equal("MachineNameOutsideProject", error.ErrorId);
            Assert.Empty(runner.Requests);
        }

        [Fact]
        public async Task List_uses_the_seed_filters_and_keeps_only_the_prefix()
        {
            var runner = new RecordingCommandRunner()
                .When(a => Is(a, "ls"), output: new[] { "shop-0a1b2c3d", "othershop-11111111", "shop-", "shop-bad;name" })
                .When(a => Is(a, "inspect"), output: Inspect.Split('\n'));
            var reporter = new RecordingReporter();
            var provider = new DockerMachineProvider(runner, "shop", Settings(), reporter);

            IReadOnlyList<MachineInstance> machines = await provider.ListAsync(CancellationToken.None);

            Assert.Equal(new[] { "ls", "--filter", "state=Running", "--filter", "driver=amazonec2", "--filter", "label=project=shop", "--format", "{{.Name}}" },
                runner.Requests.First().Arguments);
            MachineInstance machine = Assert.Single(machines);
            Assert.Equal("shop-0a1b2c3d", machine.Name);
            Assert.Equal(2, runner.Requests.Count);
            Assert.Contains(reporter.Warnings, w => w.Contains("shop-bad;name"));
        }

        [Fact]
        public async Task Each_machine_is_inspected_once_per_provider_and_again_after_it_is_removed()
        {
            string Named(string name) => Inspect.Replace("shop-0a1b2c3d", name);
            var runner = new RecordingCommandRunner()
                .When(a => Is(a, "ls"), output: new[] { "shop-0000000a", "shop-0000000b", "shop-0000000c" })
                .When(a => Is(a, "inspect") && a[1] == "shop-0000000a", output: Named("shop-0000000a").Split('\n'))
                .When(a => Is(a, "inspect") && a[1] == "shop-0000000b", output: Named("shop-0000000b").Split('\n'))
                .When(a => Is(a, "inspect") && a[1] == "shop-0000000c", output: Named("shop-0000000c").Split('\n'));
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);

            IReadOnlyList<MachineInstance> first = await provider.ListAsync(CancellationToken.None);
            IReadOnlyList<MachineInstance> second = await provider.ListAsync(CancellationToken.None);

            Assert.Equal(new[] { "shop-0000000a", "shop-0000000b", "shop-0000000c" }, first.Select(m => m.Name));
            Assert.Equal(first.Select(m => m.Name), second.Select(m => m.Name));
            Assert.Equal(2, runner.Requests.Count(r => Is(r.Arguments, "ls")));
            Assert.Equal(3, runner.Requests.Count(r => Is(r.Arguments, "inspect")));

            await provider.RemoveAsync(first[1], CancellationToken.None);
            await provider.ListAsync(CancellationToken.None);
            Assert.Equal(new[] { "shop-0000000b" }, runner.Requests.Where(r => Is(r.Arguments, "inspect")).Skip(3).Select(r => r.Arguments[1]));
        }

        [Fact]
        public async Task A_machine_without_its_instance_id_yet_is_inspected_again()
        {
            var runner = new RecordingCommandRunner()
                .When(a => Is(a, "ls"), output: new[] { "shop-0a1b2c3d" })
                .When(a => Is(a, "inspect"), output: Inspect.Replace("i-0123456789abcdef0", string.Empty).Split('\n'));
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);

            await provider.ListAsync(CancellationToken.None);
            await provider.ListAsync(CancellationToken.None);

            Assert.Equal(2, runner.Requests.Count(r => Is(r.Arguments, "inspect")));
        }

        [Fact]
        public async Task The_docker_connection_of_a_machine_is_read_once_per_provider()
        {
            var runner = new RecordingCommandRunner().When(a => Is(a, "env"), output: new[]
            {
                "export DOCKER_TLS_VERIFY=\"1\"", "export DOCKER_HOST=\"tcp://10.1.2.3:2376\"",
                "export DOCKER_CERT_PATH=\"/m/shop-0a1b2c3d\"", "export DOCKER_MACHINE_NAME=\"shop-0a1b2c3d\"",
            });
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);
            var machine = new MachineInstance("shop-0a1b2c3d", "i-1", MachineProviderKind.DockerMachine, "10.1.2.3", "Running");

            DockerConnection first = await provider.GetDockerConnectionAsync(machine, CancellationToken.None);
            DockerConnection second = await provider.GetDockerConnectionAsync(machine, CancellationToken.None);

            Assert.Same(first, second);
            Assert.Single(runner.Requests);
        }

        [Fact]
        public async Task Remove_is_rm_y_with_the_name_as_one_argument()
        {
            var runner = new RecordingCommandRunner();
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);
            await provider.RemoveAsync(new MachineInstance("shop-0a1b2c3d", "i-1", MachineProviderKind.DockerMachine, "10.0.0.1", "Running"), CancellationToken.None);
            Assert.Equal(new[] { "rm", "-y", "shop-0a1b2c3d" }, Assert.Single(runner.Requests).Arguments);
        }

        [Fact]
        public async Task Hostile_names_never_reach_docker_machine()
        {
            var runner = new RecordingCommandRunner();
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);
            var hostile = new MachineInstance("--driver=none", "i-1", MachineProviderKind.DockerMachine, null, "Running");
            Assert.Equal("InvalidMachineName", (await Assert.ThrowsAsync<BlueGreenException>(() => provider.RemoveAsync(hostile, CancellationToken.None))).ErrorId);
            Assert.Equal("InvalidMachineName", (await Assert.ThrowsAsync<BlueGreenException>(() => provider.GetDockerConnectionAsync(hostile, CancellationToken.None))).ErrorId);
            Assert.Equal("InvalidMachineName", Assert.Throws<BlueGreenException>(() => new MachineLaunchRequest("x; rm -rf /")).ErrorId);
            Assert.Empty(runner.Requests);
        }

        [Fact]
        public async Task Docker_connection_comes_from_env_as_data()
        {
            var runner = new RecordingCommandRunner().When(a => Is(a, "env"), output: new[]
            {
                "export DOCKER_TLS_VERIFY=\"1\"", "export DOCKER_HOST=\"tcp://10.1.2.3:2376\"",
                "export DOCKER_CERT_PATH=\"/m/shop-0a1b2c3d\"", "export DOCKER_MACHINE_NAME=\"shop-0a1b2c3d\"",
            });
            var provider = new DockerMachineProvider(runner, "shop", Settings(), NullOperationReporter.Instance);

            DockerConnection connection = await provider.GetDockerConnectionAsync(
                new MachineInstance("shop-0a1b2c3d", "i-1", MachineProviderKind.DockerMachine, "10.1.2.3", "Running"), CancellationToken.None);

            Assert.Equal(new[] { "env", "--shell", "bash", "shop-0a1b2c3d" }, Assert.Single(runner.Requests).Arguments);
            Assert.Equal("tcp://10.1.2.3:2376", connection.Host);
            Assert.Equal("/m/shop-0a1b2c3d", connection.CertPath);
        }

        [Theory]
        [InlineData("--driver=none")]
        [InlineData("project")]
        [InlineData("project=a b")]
        public void Bad_engine_labels_are_refused(string label)
        {
            var settings = Settings();
            settings.DockerMachine.EngineLabel = label;
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => new DockerMachineProvider(new RecordingCommandRunner(), "shop", settings, NullOperationReporter.Instance));
            Assert.Equal("InvalidEngineLabel", error.ErrorId);
        }

        [Fact]
        public void A_hostile_prefix_is_refused_when_the_provider_is_made()
        {
            var settings = Settings();
            settings.Prefix = "--driver=none";
            Assert.Equal("InvalidMachinePrefix", Assert.Throws<BlueGreenException>(() => new DockerMachineProvider(new RecordingCommandRunner(), "shop", settings, NullOperationReporter.Instance)).ErrorId);
        }

        [Fact]
        public void Inspect_output_that_is_not_json_is_a_clear_error()
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => DockerMachineProvider.ParseInspect("Host does not exist", "shop-1"));
            Assert.Equal("UnexpectedDockerMachineOutput", error.ErrorId);
        }
    }
}
