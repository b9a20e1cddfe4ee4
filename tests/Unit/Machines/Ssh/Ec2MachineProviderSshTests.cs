using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;
using Xunit;
using static BlueGreen.Tests.Unit.Machines.Ssh.SampleHostKeys;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    public sealed class Ec2MachineProviderSshTests
    {
        private static Task<MachineInstance> Launch(SshTestWorld world) =>
            world.Provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None);

        [Fact]
        public async Task A_launch_verifies_the_host_key_records_it_and_waits_for_docker_through_the_wrapper()
        {
            using var world = new SshTestWorld();
            MachineInstance machine = await Launch(world);

            Assert.Equal("203.0.113.1", machine.Address);
            Assert.Equal("10.0.0.1", machine.PrivateAddress);
            Assert.True(world.Ec2.ConsoleOutputRequests.Count >= 2);
            Assert.True(world.KnownHosts.Has("203.0.113.1", machine.InstanceId));
            Assert.Equal(3, world.KnownHosts.KeysOf("203.0.113.1").Count);

            CommandRequest version = world.Runner.Requests.Single(r => r.Arguments[0] == "version");
            Assert.Equal("docker", version.Executable);
            Assert.Equal(new[] { "version", "--format", "{{.Server.Version}}" }, version.Arguments);
            AssertSshEnvironment(world, version.Environment, machine);
            Assert.True(world.Runner.Requests.ToList().FindIndex(r => r.Arguments.Contains("ecdsa,ed25519,rsa")) < world.Runner.Requests.ToList().IndexOf(version));
        }

        [Fact]
        public async Task Compose_and_manage_get_the_same_environment()
        {
            using var world = new SshTestWorld();
            MachineInstance machine = await Launch(world);
            var compose = new ComposeRunner(world.Runner, new ComposeSettings { Command = new[] { "docker-compose" } }, world.Directory, NullOperationReporter.Instance);
            var manage = new ManageRunner(world.Runner, compose, new ManageSettings(), world.Directory, NullOperationReporter.Instance);
            IMachineApplication application = world.Provider.CreateApplication(compose, manage);

            await application.StartAsync(machine, CancellationToken.None);
            ManageCommand migrate = await application.ManageCommandAsync(machine, ManageMode.Exec, CancellationToken.None);

            CommandRequest up = world.Runner.Requests.Last(r => r.Executable == "docker-compose");
            Assert.Equal("docker-compose", up.Executable);
            Assert.Equal(new[] { "-f", "docker-compose.production.yml", "up", "--build", "-d" }, up.Arguments);
            AssertSshEnvironment(world, up.Environment, machine);
            AssertSshEnvironment(world, migrate.CreateRequest(new[] { "migrate" }).Environment, machine);
        }

        private static void AssertSshEnvironment(SshTestWorld world, IReadOnlyDictionary<string, string?> environment, MachineInstance machine)
        {
            Assert.Equal("ssh://admin@203.0.113.1", environment["DOCKER_HOST"]);
            string firstOnPath = environment["PATH"]!.Split(':')[0];
            Assert.Equal(world.Ssh.Wrapper.BinDirectory, firstOnPath);
            Assert.StartsWith(Path.Combine(world.Directory, "state", "ssh") + "/", firstOnPath);
            string wrapper = File.ReadAllText(Path.Combine(firstOnPath, "ssh"));
            Assert.Contains($"-F '{world.Ssh.Wrapper.ConfigPath}' \"$@\"", wrapper);
            Assert.Contains("StrictHostKeyChecking yes", File.ReadAllText(world.Ssh.Wrapper.ConfigPath));
            Assert.Equal("0", environment["COMPOSE_PARAMIKO_SSH"]);
            Assert.Equal("10.0.0.1", environment["BLUEGREEN_MACHINE_ADDRESS"]);
            Assert.Equal(machine.Name, environment["BLUEGREEN_MACHINE"]);
            Assert.Null(environment["DOCKER_TLS_VERIFY"]);
            Assert.Null(environment["DOCKER_CONTEXT"]);
        }

        [Fact]
        public async Task A_host_presenting_another_key_is_a_mismatch_the_instance_is_terminated_and_nothing_runs_on_it()
        {
            using var world = new SshTestWorld { PresentedKeys = new[] { OtherEd25519 } };

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(world));

            Assert.Equal("HostKeyMismatch", error.ErrorId);
            Assert.Contains(OtherEd25519Fingerprint, error.Message);
            Assert.Contains(InstanceEd25519Fingerprint, error.Message);
            Assert.Single(world.Ec2.Terminated);
            Assert.Empty(world.Ec2.Alive);
            Assert.False(File.Exists(world.KnownHosts.Path) && world.KnownHosts.Has("203.0.113.1", null));
            Assert.DoesNotContain(world.Runner.Requests, r => r.Arguments[0] == "version");
        }

        [Fact]
        public async Task A_refused_login_fails_at_once_terminates_the_instance_and_forgets_its_key()
        {
            using var world = new SshTestWorld
            {
                DockerReply = new RecordingCommandRunner.Reply(1, Array.Empty<string>(), "error during connect: ... stderr=admin@203.0.113.1: Permission denied (publickey).\n", TimeSpan.Zero),
            };

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(world));

            Assert.Equal("SshLoginRefused", error.ErrorId);
            Assert.Contains("'deploy'", error.Message);
            Assert.Single(world.Runner.Requests, r => r.Arguments[0] == "version");
            Assert.Single(world.Ec2.Terminated);
            Assert.False(world.KnownHosts.Has("203.0.113.1", null));
        }

        [Fact]
        public async Task Docker_not_answering_by_the_deadline_names_the_last_error()
        {
            using var world = new SshTestWorld(e => e.Ssh.DockerTimeout = TimeSpan.FromMilliseconds(400))
            {
                DockerReply = new RecordingCommandRunner.Reply(1, Array.Empty<string>(), "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", TimeSpan.Zero),
            };
            world.Ssh.Readiness.FirstPollInterval = TimeSpan.FromMilliseconds(50);

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(world));

            Assert.Equal("DockerNotReady", error.ErrorId);
            Assert.Contains("Cannot connect to the Docker daemon", error.Message);
            Assert.True(world.Runner.Requests.Count(r => r.Arguments[0] == "version") >= 2);
            Assert.Empty(world.Ec2.Alive);
        }

        [Fact]
        public async Task Removing_a_machine_forgets_its_host_key()
        {
            using var world = new SshTestWorld();
            MachineInstance machine = await Launch(world);

            await world.Provider.RemoveAsync(machine, CancellationToken.None);

            Assert.Equal(machine.InstanceId, Assert.Single(world.Ec2.Terminated));
            Assert.Empty(world.KnownHosts.KeysOf("203.0.113.1"));
        }

        [Fact]
        public async Task A_machine_with_no_recorded_key_is_verified_before_its_first_connection()
        {
            using var world = new SshTestWorld();
            Instance instance = world.Ec2.Add("shop-00000001", "shop");
            instance.PublicIpAddress = "203.0.113.50";
            MachineInstance listed = Assert.Single(await world.Provider.ListAsync(CancellationToken.None));

            DockerConnection connection = await world.Provider.GetDockerConnectionAsync(listed, CancellationToken.None);
            await world.Provider.GetDockerConnectionAsync(listed, CancellationToken.None);

            Assert.Equal("ssh://admin@203.0.113.50", connection.Host);
            Assert.True(world.KnownHosts.Has("203.0.113.50", instance.InstanceId));
            Assert.Single(world.Runner.Requests, r => r.Arguments.Contains("ecdsa,ed25519,rsa"));
        }

        [Fact]
        public async Task With_a_known_hosts_file_you_keep_nothing_is_read_from_the_console_nor_written()
        {
            using var world = new SshTestWorld(e => e.Ssh.HostKeyTrust = SshHostKeyTrust.KnownHostsFile);
            Directory.CreateDirectory(Path.GetDirectoryName(world.KnownHosts.Path)!);
            File.WriteAllText(world.KnownHosts.Path, "@cert-authority * " + OtherEd25519 + "\n");

            MachineInstance machine = await Launch(world);
            await world.Provider.RemoveAsync(machine, CancellationToken.None);

            Assert.Empty(world.Ec2.ConsoleOutputRequests);
            Assert.DoesNotContain(world.Runner.Requests, r => r.Arguments.Contains("ecdsa,ed25519,rsa"));
            Assert.Single(world.Runner.Requests, r => r.Arguments[0] == "version");
            Assert.Equal("@cert-authority * " + OtherEd25519 + "\n", File.ReadAllText(world.KnownHosts.Path));
        }
    }
}
