using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class MachineServicesTests
    {
        private const string Inspect = "{ \"Driver\": { \"IPAddress\": \"10.1.2.3\", \"SSHUser\": \"ubuntu\", \"InstanceId\": \"i-0123456789abcdef0\" }, \"Name\": \"shop-0a1b2c3d\" }";

        private readonly RecordingCommandRunner _runner = new RecordingCommandRunner()
            .When(a => a[0] == "ls", output: new[] { "shop-0a1b2c3d" })
            .When(a => a[0] == "inspect", output: new[] { Inspect })
            .When(a => a[0] == "env", output: new[] { "export DOCKER_HOST=\"tcp://10.1.2.3:2376\"", "export DOCKER_TLS_VERIFY=\"1\"" });

        private int _elbClients;
        private int _ec2Clients;

        private static ProjectConfiguration Config() => new ProjectConfiguration
        {
            Project = "shop",
            LoadBalancer = "shop-lb",
            Machines = new MachineSettings { Prefix = "shop-", Provider = MachineProviderKind.DockerMachine, MaxParallelLaunches = 2 },
            Manage = new ManageSettings { LocalCommand = new[] { "python3", "manage.py" } },
            Compose = new ComposeSettings { Command = new[] { "docker", "compose" } },
        };

        private MachineServices Services(MachineProviderKind kind = MachineProviderKind.DockerMachine) =>
            new MachineServices(Config(), kind, "/srv/shop", _runner,
                () => { Interlocked.Increment(ref _elbClients); return new InMemoryTargetGroups(); },
                () => { Interlocked.Increment(ref _ec2Clients); return new InMemoryEc2Client(); },
                NullOperationReporter.Instance);

        [Fact]
        public async Task A_docker_machine_launch_registered_nowhere_makes_no_aws_client()
        {
            using MachineServices services = Services();
            MachineLaunchReport report = await services.LaunchAsync(2, TargetGroupChoice.None, null, LaunchFailurePolicy.Keep, startApplication: true, CancellationToken.None);

            Assert.Equal(2, report.Launched.Count);
            Assert.Equal(0, _elbClients);
            Assert.Equal(0, _ec2Clients);
            Assert.Equal(2, _runner.ArgumentArrays.Count(a => a[0] == "create"));
            Assert.Equal(2, _runner.Requests.Count(r => r.Arguments.SequenceEqual(new[] { "compose", "-f", "docker-compose.production.yml", "up", "--build", "-d" })));
        }

        [Fact]
        public async Task Local_manage_needs_neither_a_machine_nor_aws()
        {
            using MachineServices services = Services();
            await services.ManageAsync(null, new[] { "check" }, null, CancellationToken.None);

            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal("python3", request.Executable);
            Assert.Equal(new[] { "manage.py", "check" }, request.Arguments);
            Assert.Equal(0, _elbClients + _ec2Clients);
        }

        [Fact]
        public async Task Commands_on_several_machines_list_the_inventory_once()
        {
            using MachineServices services = Services();
            await services.ComposeAsync("shop-0a1b2c3d", new[] { "ps" }, CancellationToken.None);
            await services.ManageAsync("shop-0a1b2c3d", new[] { "migrate" }, ManageMode.Run, CancellationToken.None);

            Assert.Single(_runner.ArgumentArrays, a => a[0] == "ls");
            CommandRequest manage = _runner.Requests.Last();
            Assert.Equal(new[] { "compose", "-f", "docker-compose.production.yml", "run", "--rm", "-T", "django", "python", "/app/manage.py", "migrate" }, manage.Arguments);
            Assert.Equal("tcp://10.1.2.3:2376", manage.Environment["DOCKER_HOST"]);
        }

        [Fact]
        public async Task A_machine_that_is_not_listed_is_not_found()
        {
            using MachineServices services = Services();
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => services.ComposeAsync("shop-ffffffff", new[] { "ps" }, CancellationToken.None));
            Assert.Equal("MachineNotFound", error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        }

        [Fact]
        public async Task The_ec2_provider_makes_its_client_only_when_used_and_only_once()
        {
            using MachineServices services = Services(MachineProviderKind.Ec2);
            Assert.Equal(0, _ec2Clients);
            Assert.Empty(await services.Provider.ListAsync(CancellationToken.None));
            Assert.Empty(await services.Provider.ListAsync(CancellationToken.None));
            Assert.Equal(1, _ec2Clients);
            Assert.Equal(0, _elbClients);
        }
    }
}
