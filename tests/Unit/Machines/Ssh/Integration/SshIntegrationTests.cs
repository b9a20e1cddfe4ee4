using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Machines.Ssh;
using BlueGreen.Processes;
using Xunit;
using Xunit.Abstractions;

namespace BlueGreen.Tests.Unit.Machines.Ssh.Integration
{
    /// <summary>
    /// The EC2 provider's ssh path against real OpenSSH servers (<see cref="SshdWorld"/>): the in-memory EC2 client
    /// stands for EC2 (its instances have the servers' addresses and print their host keys as cloud-init does); the
    /// ssh, ssh-keyscan, docker (the Docker 28 CLI first on PATH) and docker-compose 1.29 are the real ones.
    /// </summary>
    public sealed class SshIntegrationTests : IClassFixture<SshdWorld>, IDisposable
    {
        private readonly SshdWorld _world;
        private readonly ITestOutputHelper _output;
        private readonly string _state = Path.Combine("/tmp", "bg-ssh-state-" + Guid.NewGuid().ToString("n").Substring(0, 6));

        public SshIntegrationTests(SshdWorld world, ITestOutputHelper output)
        {
            _world = world;
            _output = output;
        }

        public void Dispose()
        {
            if (Directory.Exists(_state))
            {
                Directory.Delete(_state, true);
            }
        }

        private (Ec2MachineProvider Provider, SshAccess Ssh, InMemoryEc2Client Ec2) Provider(string address, string consoleSet, Action<Ec2LaunchSettings>? configure = null, bool withKeys = true)
        {
            var ec2 = new InMemoryEc2Client { PublicAddressOf = _ => null, PrivateAddressOf = _ => address };
            string console = _world.ConsoleOutput(consoleSet, withKeys);
            ec2.ConsoleOutput = (_, poll) => poll < 2 ? "[    3.1] cloud-init[400]: Cloud-init v. 23.1 running 'init'\n" : console;
            var settings = new MachineSettings
            {
                Prefix = "shop-",
                Ec2 = new Ec2LaunchSettings
                {
                    ImageId = "ami-0abcdef1234567890",
                    InstanceType = "t3.small",
                    KeyName = "deploy",
                    SecurityGroupIds = new[] { "sg-0ssh" },
                    SshUser = "root",
                    Ssh = new Ec2SshSettings
                    {
                        KnownHostsFile = Path.Combine(_state, "known_hosts"),
                        IdentityFile = _world.ClientKey,
                        HostKeyTimeout = TimeSpan.FromSeconds(20),
                        DockerTimeout = TimeSpan.FromSeconds(20),
                        ConnectTimeout = TimeSpan.FromSeconds(3),
                    },
                },
            };
            configure?.Invoke(settings.Ec2);
            var ssh = new SshAccess(ec2, new CliWrapCommandRunner(TimeSpan.FromSeconds(60)), "docker", settings.Ec2, NullOperationReporter.Instance, _state);
            ssh.Verifier.FirstPollInterval = TimeSpan.FromMilliseconds(100);
            ssh.Readiness.FirstPollInterval = TimeSpan.FromMilliseconds(200);
            return (new Ec2MachineProvider(ec2, "shop", settings, ssh, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(1) }, ssh, ec2);
        }

        private static Task<MachineInstance> Launch(Ec2MachineProvider provider) =>
            provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None);

        [SshdFact(NeedsDocker = true)]
        public async Task A_verified_key_lets_docker_and_docker_compose_v1_reach_the_engine_through_the_providers_connection()
        {
            Assert.True(_world.DockerFailure == null, _world.DockerFailure);
            var (provider, ssh, _) = Provider(_world.DockerHost, "1", withKeys: false);
            var clock = Stopwatch.StartNew();
            MachineInstance machine = await Launch(provider);
            TimeSpan launch = clock.Elapsed;

            Assert.Equal(2, ssh.KnownHosts.KeysOf(_world.DockerHost).Count);
            Assert.DoesNotContain(Directory.GetFiles(_state), f => f.EndsWith(".tmp", StringComparison.Ordinal));
            DockerConnection connection = await provider.GetDockerConnectionAsync(machine, CancellationToken.None);
            IReadOnlyDictionary<string, string?> environment = connection.ToEnvironment();
            var runner = new CliWrapCommandRunner(TimeSpan.FromSeconds(60));

            TimeSpan handshake = await Time(() => runner.RunAsync(new CommandRequest(Path.Combine(ssh.Wrapper.BinDirectory, "ssh"), new[] { "root@" + _world.DockerHost, "true" }), CancellationToken.None));
            CommandResult version = null!;
            TimeSpan dockerVersion = await Time(async () => version = await runner.RunAsync(new CommandRequest("docker", new[] { "version", "--format", "{{.Server.Version}}" }) { Environment = environment }, CancellationToken.None));
            Assert.Matches(@"^\d+\.\d+", version.StandardOutput.Single());

            string project = Path.Combine(_state, "project");
            Directory.CreateDirectory(project);
            File.WriteAllText(Path.Combine(project, "docker-compose.yml"), "version: \"3.8\"\nservices:\n  django:\n    image: bluegreen/absent:1\n");
            CommandResult ps = null!;
            TimeSpan composePs = await Time(async () => ps = await runner.RunAsync(new CommandRequest("/usr/bin/docker-compose", new[] { "-f", "docker-compose.yml", "-p", "sshcheck", "ps" }) { Environment = environment, WorkingDirectory = project }, CancellationToken.None));
            Assert.Contains(ps.StandardOutput, l => l.StartsWith("Name", StringComparison.Ordinal));

            string timings = $"launch (console, keyscan, docker version) {launch.TotalMilliseconds:0} ms; ssh handshake + true {handshake.TotalMilliseconds:0} ms; docker version over ssh {dockerVersion.TotalMilliseconds:0} ms; docker-compose 1.29 ps over ssh {composePs.TotalMilliseconds:0} ms";
            _output.WriteLine(timings);
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "bluegreen-ssh-timings.txt"), timings + "\n");
        }

        [SshdFact]
        public async Task A_host_presenting_keys_its_console_does_not_list_is_refused_and_the_instance_terminated()
        {
            var (provider, ssh, ec2) = Provider(_world.OtherKeysHost, "1");

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("HostKeyMismatch", error.ErrorId);
            foreach (string key in _world.HostKeys1.Concat(_world.HostKeys2))
            {
                // Both sets named: what the address presents and what the console lists.
                Assert.Contains(HostPublicKey.TryParse(key.Split(' ')[0], key.Split(' ')[1])!.Fingerprint, error.Message);
            }
            Assert.Empty(ec2.Alive);
            Assert.Empty(ssh.KnownHosts.KeysOf(_world.OtherKeysHost));
        }

        [SshdFact]
        public async Task A_recorded_key_the_host_no_longer_presents_stops_the_connection_as_a_mismatch()
        {
            var (provider, ssh, ec2) = Provider(_world.OtherKeysHost, "2", e => e.Ssh.HostKeyTrust = SshHostKeyTrust.KnownHostsFile);
            await ssh.KnownHosts.ReplaceAsync(_world.OtherKeysHost, _world.HostKeys1.Select(k => HostPublicKey.TryParse(k.Split(' ')[0], k.Split(' ')[1])!).ToList(), null, CancellationToken.None);

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("HostKeyMismatch", error.ErrorId);
            Assert.Contains("Host key verification failed", error.Message);
            Assert.Empty(ec2.Alive);
        }

        [SshdFact]
        public async Task A_wrong_user_is_a_refused_login_naming_the_user_and_the_usual_ones()
        {
            var (provider, _, ec2) = Provider(_world.DockerHost, "1", e => e.SshUser = "ubuntu");

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("SshLoginRefused", error.ErrorId);
            Assert.Contains("'ubuntu'", error.Message);
            Assert.Contains("ec2-user", error.Message);
            Assert.Empty(ec2.Alive);
        }

        [SshdFact]
        public async Task A_key_the_host_does_not_accept_is_a_refused_login_naming_the_key_and_the_key_pair()
        {
            var (provider, ssh, ec2) = Provider(_world.DockerHost, "1", e => e.Ssh.IdentityFile = _world.WrongKey);

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("SshLoginRefused", error.ErrorId);
            Assert.Contains(_world.WrongKey, error.Message);
            Assert.Contains("'deploy'", error.Message);
            Assert.Empty(ec2.Alive);
            Assert.Empty(ssh.KnownHosts.KeysOf(_world.DockerHost));
        }

        [SshdFact]
        public async Task An_address_with_nothing_listening_is_unreachable_naming_port_22_and_the_security_group()
        {
            var (provider, _, ec2) = Provider(_world.NobodyHost, "1", e => e.Ssh.HostKeyTimeout = TimeSpan.FromSeconds(3));

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("MachineUnreachable", error.ErrorId);
            Assert.Contains("port 22", error.Message);
            Assert.Contains("sg-0ssh", error.Message);
            Assert.Empty(ec2.Alive);
        }

        [SshdFact]
        public async Task A_session_without_docker_is_named()
        {
            var (provider, _, ec2) = Provider(_world.NoDockerHost, "1");

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Launch(provider));

            Assert.Equal("DockerNotInstalled", error.ErrorId);
            Assert.Contains("'root'", error.Message);
            Assert.Empty(ec2.Alive);
        }

        [SshdFact(NeedsDocker = true)]
        public async Task Later_commands_share_the_verified_connection_and_removing_the_machine_closes_it()
        {
            Assert.True(_world.DockerFailure == null, _world.DockerFailure);
            var (provider, ssh, _) = Provider(_world.DockerHost, "1", withKeys: false);
            MachineInstance machine = await Launch(provider);
            // The readiness check's docker version opened the master: its socket is in BlueGreen's folder, mode 700.
            string socket = Path.Combine(_state, "ssh", "cm", $"root@{_world.DockerHost}:22");
            Assert.True(File.Exists(socket), $"no shared connection at {socket}");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
            var runner = new CliWrapCommandRunner(TimeSpan.FromSeconds(60));
            IReadOnlyDictionary<string, string?> shared = (await provider.GetDockerConnectionAsync(machine, CancellationToken.None)).ToEnvironment();

            var version = new[] { "version", "--format", "{{.Server.Version}}" };
            TimeSpan sharedVersion = await Time(() => runner.RunAsync(new CommandRequest("docker", version) { Environment = shared }, CancellationToken.None));
            _output.WriteLine($"docker version over the shared ssh connection: {sharedVersion.TotalMilliseconds:0} ms");

            await provider.RemoveAsync(machine, CancellationToken.None);
            // ssh -O exit returns once the master has the request; the master then unlinks its socket as it exits
            // (a moment later on a busy machine: seen once with two runs side by side).
            var exiting = Stopwatch.StartNew();
            while (File.Exists(socket) && exiting.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(50);
            }

            Assert.False(File.Exists(socket), "removing the machine closes its shared connection (ssh -O exit)");
            Assert.Empty(ssh.KnownHosts.KeysOf(_world.DockerHost));
        }

        private static async Task<TimeSpan> Time(Func<Task> action)
        {
            var clock = Stopwatch.StartNew();
            await action();
            return clock.Elapsed;
        }
    }
}
