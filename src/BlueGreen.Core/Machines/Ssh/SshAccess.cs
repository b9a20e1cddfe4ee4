using System.IO;
using Amazon.EC2;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// How the EC2 provider reaches a machine over ssh: before the first connection its host key is verified
    /// (<see cref="HostKeyVerifier"/>, unless Machines.Ec2.Ssh.HostKeyTrust is KnownHostsFile) and Docker is waited
    /// for (<see cref="DockerReadiness"/>); every docker and compose process then gets <see cref="Connection"/>'s
    /// environment: DOCKER_HOST=ssh://user@address, BlueGreen's ssh wrapper first on PATH, COMPOSE_PARAMIKO_SSH=0,
    /// BLUEGREEN_MACHINE, BLUEGREEN_MACHINE_ADDRESS and BLUEGREEN_COLOR (when the instance's bluegreen:color tag names it). Removing a machine removes its known-hosts entries.
    /// </summary>
    public sealed class SshAccess
    {
        public const string MachineVariable = "BLUEGREEN_MACHINE";
        public const string MachineAddressVariable = "BLUEGREEN_MACHINE_ADDRESS";
        public const string ColorVariable = "BLUEGREEN_COLOR";

        /// <summary>Compose v1 (docker-py): 0 runs the system ssh client (our wrapper); 1 would use paramiko, which accepts unknown host keys.</summary>
        public const string ParamikoVariable = "COMPOSE_PARAMIKO_SSH";

        private readonly Ec2LaunchSettings _settings;
        private readonly IOperationReporter _reporter;
        private readonly ICommandRunner _runner;
        private readonly SshClientConfig _config;
        private readonly Lazy<SshWrapper> _wrapper;

        /// <param name="dockerExecutable">The docker client the readiness check runs (Compose.DockerExecutable, else docker).</param>
        /// <param name="stateDirectory">Where the ssh wrapper folders go; null: $XDG_STATE_HOME/bluegreen (~/.local/state/bluegreen).</param>
        public SshAccess(IAmazonEC2 ec2, ICommandRunner runner, string dockerExecutable, Ec2LaunchSettings settings, IOperationReporter reporter, string? stateDirectory = null)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _reporter = reporter ?? NullOperationReporter.Instance;
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            Ec2SshSettings ssh = settings.Ssh;
            _config = new SshClientConfig(ssh, stateDirectory);
            _wrapper = new Lazy<SshWrapper>(_config.Install, LazyThreadSafetyMode.ExecutionAndPublication);
            KnownHosts = new KnownHostsFile(_config.KnownHostsFile);
            Verifier = new HostKeyVerifier(ec2, runner, ssh.KeyscanExecutable, ssh.HostKeyTimeout, ssh.ConnectTimeout, KnownHosts, _reporter);
            Readiness = new DockerReadiness(runner, dockerExecutable, ssh.DockerTimeout, _reporter);
        }

        public Ec2SshSettings Settings => _settings.Ssh;

        /// <summary>Whether BlueGreen verifies and records host keys (HostKeyTrust ConsoleOutput) rather than only reading a file you keep.</summary>
        public bool RecordsHostKeys => _settings.Ssh.HostKeyTrust == SshHostKeyTrust.ConsoleOutput;

        public KnownHostsFile KnownHosts { get; }

        public HostKeyVerifier Verifier { get; }

        public DockerReadiness Readiness { get; }

        /// <summary>The wrapper folder (written on first use).</summary>
        public SshWrapper Wrapper => _wrapper.Value;

        /// <summary>The machine as ssh reaches it, with what its errors need to name.</summary>
        public SshTarget TargetOf(MachineInstance machine) =>
            new SshTarget(machine.Name, machine.InstanceId, RequireAddress(machine), machine.SshUser ?? _settings.SshUser, Settings.IdentityFile, _settings.KeyName, _settings.SecurityGroupIds);

        /// <summary>After a launch: verifies and records the host key, then waits for Docker through the connection.</summary>
        public async Task PrepareAsync(MachineInstance machine, IProgress<string>? status, CancellationToken cancellationToken)
        {
            SshTarget target = TargetOf(machine);
            if (RecordsHostKeys)
            {
                await Verifier.VerifyAsync(target, status, cancellationToken).ConfigureAwait(false);
            }

            status?.Report($"{machine.InstanceId}: waiting for Docker over ssh");
            await Readiness.WaitAsync(Connection(machine), target, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The connection to an existing machine; its host key is verified first when BlueGreen's file has no entry
        /// recorded for this instance (e.g. it was launched from another computer).
        /// </summary>
        public async Task<DockerConnection> ConnectAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            SshTarget target = TargetOf(machine);
            if (RecordsHostKeys && !KnownHosts.Has(target.Address, machine.InstanceId))
            {
                _reporter.Verbose($"{KnownHosts.Path} has no host key recorded for {target.Describe()}; verifying it from its console output.");
                await Verifier.VerifyAsync(target, null, cancellationToken).ConfigureAwait(false);
            }

            return Connection(machine);
        }

        /// <summary>The Docker connection and the process environment docker and compose run with.</summary>
        public DockerConnection Connection(MachineInstance machine)
        {
            SshTarget target = TargetOf(machine);
            if (Settings.IdentityFile != null && !File.Exists(Settings.IdentityFile))
            {
                throw new BlueGreenException("SshIdentityFileMissing", FailureCategory.ObjectNotFound,
                    $"Machines.Ec2.Ssh.IdentityFile is '{Settings.IdentityFile}', which does not exist, so {target.Describe()} cannot be reached. Point it at the private key of the key pair '{_settings.KeyName}'.",
                    Settings.IdentityFile);
            }

            var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["PATH"] = Wrapper.BinDirectory + Path.PathSeparator + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin"),
                [ParamikoVariable] = "0",
                [MachineVariable] = machine.Name,
                [MachineAddressVariable] = machine.PrivateAddress ?? target.Address,
            };
            if (machine.Color != null)
            {
                variables[ColorVariable] = machine.Color;
            }

            return DockerConnection.OverSsh(target.User, target.Address, machine.Name, variables);
        }

        /// <summary>
        /// Closes the machine's shared ssh connection, if one is open, and removes its entries from BlueGreen's
        /// known-hosts file (not when the file is yours: HostKeyTrust KnownHostsFile).
        /// </summary>
        public async Task ForgetAsync(MachineInstance machine)
        {
            if (string.IsNullOrEmpty(machine.Address))
            {
                return;
            }

            await CloseConnectionAsync(machine).ConfigureAwait(false);
            if (!RecordsHostKeys)
            {
                return;
            }

            await KnownHosts.RemoveAsync(machine.Address!, machine.InstanceId, CancellationToken.None).ConfigureAwait(false);
            _reporter.Verbose($"Removed the host key of {machine.Name} ({machine.Address}) from {KnownHosts.Path}.");
        }

        /// <summary>
        /// <c>ssh -O exit</c> for the machine's shared connection (ControlMaster), so that a later instance at the same
        /// address never reaches the old one's master. Best effort: no master open is the usual answer.
        /// </summary>
        private async Task CloseConnectionAsync(MachineInstance machine)
        {
            SshTarget target = TargetOf(machine);
            // The socket of ControlPath %r@%h:%p (this process or an earlier one may have opened it).
            if (_config.ControlDirectory == null || !File.Exists(Path.Combine(_config.ControlDirectory, $"{target.User}@{target.Address}:22")))
            {
                return;
            }

            var request = new CommandRequest(Wrapper.SshExecutable, new[] { "-F", Wrapper.ConfigPath, "-O", "exit", "-l", target.User, "--", target.Address })
            {
                ThrowOnNonZeroExit = false,
                Timeout = TimeSpan.FromSeconds(10),
                Target = target.Describe(),
            };
            try
            {
                CommandResult result = await _runner.RunAsync(request, CancellationToken.None).ConfigureAwait(false);
                if (result.ExitCode == 0)
                {
                    _reporter.Verbose($"Closed the shared ssh connection to {target.Describe()}.");
                }
            }
            catch (BlueGreenException failure)
            {
                _reporter.Verbose($"Closing the shared ssh connection to {target.Describe()} failed ({failure.Message}); it ends by itself within {(int)Settings.ConnectionReuse.TotalSeconds} s.");
            }
        }

        private static string RequireAddress(MachineInstance machine) =>
            string.IsNullOrEmpty(machine.Address)
                ? throw new BlueGreenException("MachineHasNoAddress", FailureCategory.ResourceUnavailable,
                    $"Machine {machine.Name} ({machine.InstanceId}) has no IP address yet, so docker cannot reach it. Wait until it is running and try again.", machine)
                : machine.Address!;
    }
}
