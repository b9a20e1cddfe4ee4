using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Machines.Local;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Local
{
    /// <summary>The Local provider's Compose runtime without an engine: what compose and docker are asked, in which directory and environment.</summary>
    public sealed class LocalComposeRuntimeTests : IDisposable
    {
        private const string Name = "shop-0000aaaa";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "bg-localcompose-" + Guid.NewGuid().ToString("N"));
        private readonly ProjectConfiguration _config;
        private readonly InMemoryEc2Client _ec2 = new InMemoryEc2Client();
        private readonly RecordingCommandRunner _runner = new RecordingCommandRunner();

        public LocalComposeRuntimeTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "app"));
            _config = new ProjectConfiguration
            {
                Project = "shop",
                Machines = new MachineSettings { Prefix = "shop-", Provider = MachineProviderKind.Local },
                Compose = new ComposeSettings { Command = new[] { "docker-compose" }, File = "production.yml", Service = "django", ProjectDirectory = Path.Combine(_root, "app") },
            };
            LocalMachineSettings local = _config.Machines.Local;
            local.Runtime = LocalMachineRuntime.Compose;
            local.PortVariable = "SHOP_PORT";
            local.AppDirectory = Path.Combine(_root, "app");
            local.StateDirectory = Path.Combine(_root, "state");
            local.Environment = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://bluegreen@127.0.0.1:5432/shop", ["SHOP_DATA_DIR"] = "{StateDirectory}/data" };
        }

        public void Dispose()
        {
            _ec2.Dispose();
            Directory.Delete(_root, recursive: true);
        }

        private (LocalMachineProvider Provider, ComposeRunner Compose, ManageRunner Manage) Parts()
        {
            var compose = new ComposeRunner(_runner, _config.Compose, _root, NullOperationReporter.Instance);
            var manage = new ManageRunner(_runner, compose, new ManageSettings { Command = new[] { "python", "manage.py" } }, _root, NullOperationReporter.Instance);
            return (new LocalMachineProvider(_ec2, _runner, _config, new RecordingReporter(), compose), compose, manage);
        }

        private LocalMachineRecord Recorded(LocalMachineProvider provider, bool withComposeFile = true)
        {
            string snapshot = provider.SnapshotDirectory(Name);
            Directory.CreateDirectory(snapshot);
            if (withComposeFile)
            {
                File.WriteAllText(Path.Combine(snapshot, "production.yml"), "services: {}\n");
            }

            var record = new LocalMachineRecord { Name = Name, Port = 41234, AppDirectory = snapshot, Color = "green", Runtime = LocalMachineRuntime.Compose, ComposeProject = LocalComposeProject.NameFor(Name) };
            record.Save(provider.MachineDirectory(Name));
            return record;
        }

        private static MachineInstance Machine() => new MachineInstance(Name, "i-0123456789abcdef0", MachineProviderKind.Local, "127.0.0.1", "running", port: 41234);

        [Fact]
        public async Task Manage_execs_in_the_service_of_the_machines_project_in_its_snapshot_with_its_variables()
        {
            var (provider, compose, manage) = Parts();
            LocalMachineRecord record = Recorded(provider);
            IMachineApplication application = provider.CreateApplication(compose, manage);

            ManageCommand command = await application.ManageCommandAsync(Machine(), ManageMode.Exec, CancellationToken.None);
            CommandRequest request = command.CreateRequest(new[] { "migrate", "--noinput" });

            Assert.IsType<LocalComposeApplication>(application);
            Assert.Equal("docker-compose", request.Executable);
            Assert.Equal(new[] { "-f", "production.yml", "-p", Name, "exec", "-T", "django", "python", "manage.py", "migrate", "--noinput" }, request.Arguments);
            Assert.Equal(record.AppDirectory, request.WorkingDirectory);
            Assert.Equal("unix:///var/run/docker.sock", request.Environment["DOCKER_HOST"]);
            Assert.Equal("41234", request.Environment["SHOP_PORT"]);
            Assert.Equal("green", request.Environment["BLUEGREEN_COLOR"]);
            Assert.Equal(Name, request.Environment["BLUEGREEN_MACHINE"]);
            Assert.Equal("postgres://bluegreen@127.0.0.1:5432/shop", request.Environment["DATABASE_URL"]);
            Assert.Equal(Path.Combine(_root, "state") + "/data", request.Environment["SHOP_DATA_DIR"]);
        }

        [Fact]
        public async Task Removal_runs_down_in_the_snapshot_and_keeps_the_machine_when_a_container_is_left()
        {
            var (provider, _, _) = Parts();
            LocalMachineRecord record = Recorded(provider);
            _runner.When(a => a.Count > 1 && a[0] == "ps" && a.Contains($"label=com.docker.compose.project={Name}"), output: new[] { "0123abcd\tshop-0000aaaa_django_1\tExited (0) 1 second ago" });

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => provider.RemoveAsync(Machine(), CancellationToken.None));

            Assert.Equal("LocalComposeProjectLeft", error.ErrorId);
            Assert.Contains("docker rm -f 0123abcd", error.Message);
            Assert.True(Directory.Exists(provider.MachineDirectory(Name)));
            CommandRequest down = _runner.Requests.First();
            Assert.Equal("docker-compose", down.Executable);
            Assert.Equal(new[] { "-f", "production.yml", "-p", Name, "down", "--remove-orphans", "--rmi", "local" }, down.Arguments);
            Assert.Equal(record.AppDirectory, down.WorkingDirectory);
            CommandRequest check = _runner.Requests.Last();
            Assert.Equal("docker", check.Executable);
            Assert.Equal("unix:///var/run/docker.sock", check.Environment["DOCKER_HOST"]);
        }

        [Fact]
        public async Task Without_its_compose_file_removal_removes_the_projects_containers_by_label()
        {
            var (provider, _, _) = Parts();
            Recorded(provider, withComposeFile: false);
            int listed = 0;
            _runner.When(a => a[0] == "ps", _ => new RecordingCommandRunner.Reply(0, listed++ == 0 ? new[] { "0123abcd\tshop-0000aaaa_django_1\tUp 2 minutes" } : Array.Empty<string>(), string.Empty, TimeSpan.Zero));

            string instanceId = _ec2.Add(Name, "shop").InstanceId;

            await provider.RemoveAsync(new MachineInstance(Name, instanceId, MachineProviderKind.Local, "127.0.0.1", "running", port: 41234), CancellationToken.None);

            Assert.Equal(new[] { instanceId }, _ec2.Terminated);
            Assert.False(Directory.Exists(provider.MachineDirectory(Name)));
            Assert.DoesNotContain(_runner.Requests, r => r.Arguments.Contains("down"));
            Assert.Contains(_runner.Requests, r => r.Executable == "docker" && r.Arguments.SequenceEqual(new[] { "rm", "-f", "0123abcd" }));
        }

        [Theory]
        [InlineData("shop-0000aaaa", "shop-0000aaaa")]
        [InlineData("Shop-0000AAAA", "shop-0000aaaa")]
        [InlineData("shop.v2-0000aaaa", "shop-v2-0000aaaa")]
        public void The_project_name_is_the_machine_name_as_compose_accepts_it(string machine, string project) =>
            Assert.Equal(project, LocalComposeProject.NameFor(machine));
    }
}
