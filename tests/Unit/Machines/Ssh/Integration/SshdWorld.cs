using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Sandbox.Hosts;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Ssh.Integration
{
    /// <summary>
    /// Real OpenSSH servers on port 22 of a /24 of loopback addresses of its own and a dockerd of their own (own socket,
    /// data root and exec root; --bridge=none --iptables=false --ip-masq=false): .1 serves Docker (SetEnv DOCKER_HOST),
    /// .2 has no docker on its session PATH, .3 presents other host keys, nothing answers on .9. The /24 is claimed
    /// as the sandbox's host instances claim theirs (<see cref="HostAddressBlock"/>: a lock under
    /// <see cref="AddressLockRoot"/> held for the world's life, dropped by the kernel if the process dies), and taken
    /// only when nothing answers on port 22 of those addresses (an sshd a killed run left behind), so test runs side
    /// by side, and sandboxes, never share an address. Only root may log in, with <see cref="ClientKey"/>. Everything
    /// it started is stopped on dispose.
    /// </summary>
    public sealed class SshdWorld : IAsyncLifetime
    {
        /// <summary>Where the address locks are: the sandbox's default host run root, shared with every sandbox on this machine.</summary>
        internal const string AddressLockRoot = "/run/bluegreen";

        private readonly List<Process> _processes = new List<Process>();
        private readonly List<HostAddressBlock> _blocks = new List<HostAddressBlock>();

        /// <summary>The first three octets of this world's addresses (e.g. 127.0.3).</summary>
        public string AddressPrefix { get; private set; } = "127.0.0";

        /// <summary>Serves Docker over ssh.</summary>
        public string DockerHost => AddressPrefix + ".1";

        /// <summary>Has no docker on its session PATH.</summary>
        public string NoDockerHost => AddressPrefix + ".2";

        /// <summary>Presents host key set 2.</summary>
        public string OtherKeysHost => AddressPrefix + ".3";

        /// <summary>Nothing listens there.</summary>
        public string NobodyHost => AddressPrefix + ".9";

        /// <summary>The host name cloud-init's console lines carry (ip-127-0-N).</summary>
        private string ConsoleHost => "ip-" + AddressPrefix.Replace('.', '-');

        public string Directory { get; } = Path.Combine("/tmp", "bg-sshd-" + Guid.NewGuid().ToString("n").Substring(0, 6));

        /// <summary>The private key root's authorized_keys accepts.</summary>
        public string ClientKey => Path.Combine(Directory, "client");

        /// <summary>A key no server accepts.</summary>
        public string WrongKey => Path.Combine(Directory, "wrong");

        public string DockerSocket => Path.Combine(Directory, "docker.sock");

        /// <summary>dockerd's exec root (containerd's sockets): a short path of its own, unix socket paths being limited to 108 bytes.</summary>
        private string ExecRoot => "/tmp/bgx-" + Path.GetFileName(Directory).Substring("bg-sshd-".Length);

        /// <summary>Why dockerd did not start (null: it answers on <see cref="DockerSocket"/>).</summary>
        public string? DockerFailure { get; private set; }

        /// <summary>The public keys (<c>algorithm blob</c>) of host key set 1 (.1, .2) and set 2 (.3).</summary>
        public IReadOnlyList<string> HostKeys1 { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> HostKeys2 { get; private set; } = Array.Empty<string>();

        public async Task InitializeAsync()
        {
            if (SshdFactAttribute.Why(needsDocker: false) != null)
            {
                return;
            }

            System.IO.Directory.CreateDirectory(Directory);
            AddressPrefix = await ClaimAddressesAsync();
            foreach (string set in new[] { "1", "2" })
            {
                Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@" + ConsoleHost, "-f", Path.Combine(Directory, $"host{set}_ed25519"));
                Run("/usr/bin/ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-C", "root@" + ConsoleHost, "-f", Path.Combine(Directory, $"host{set}_ecdsa"));
            }

            Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ClientKey);
            Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", WrongKey);
            File.Copy(ClientKey + ".pub", Path.Combine(Directory, "authorized_keys"));
            HostKeys1 = PublicKeys("1");
            HostKeys2 = PublicKeys("2");

            StartSshd(DockerHost, "1", $"DOCKER_HOST=unix://{DockerSocket}");
            StartSshd(NoDockerHost, "1", $"DOCKER_HOST=unix://{DockerSocket} PATH=/nonexistent");
            StartSshd(OtherKeysHost, "2", $"DOCKER_HOST=unix://{DockerSocket}");
            foreach (string address in new[] { DockerHost, NoDockerHost, OtherKeysHost })
            {
                await WaitForPortAsync(address, 22, TimeSpan.FromSeconds(10));
            }

            // Ours: each sshd's log says it listens (had another held the address, it would have failed to bind).
            foreach (string address in new[] { DockerHost, NoDockerHost, OtherKeysHost })
            {
                string log = Path.Combine(Directory, "sshd-" + address.Split('.').Last() + ".log");
                if (!File.Exists(log) || !File.ReadAllText(log).Contains($"Server listening on {address} port 22", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"sshd on {address}:22 did not say it listens ({log}).");
                }
            }

            if (SshdFactAttribute.Why(needsDocker: true) == null)
            {
                await StartDockerdAsync();
            }
        }

        public async Task DisposeAsync()
        {
            foreach (Process process in Enumerable.Reverse(_processes))
            {
                try
                {
                    if (!process.HasExited)
                    {
                        // SIGTERM first: dockerd stops its containerd itself; whatever is left then is killed.
                        Run("/bin/kill", "-TERM", process.Id.ToString());
                        if (!process.WaitForExit(15000))
                        {
                            process.Kill(entireProcessTree: true);
                        }
                    }
                }
                catch (InvalidOperationException)
                {
                }

                process.Dispose();
            }

            foreach (HostAddressBlock block in _blocks)
            {
                block.Dispose();
            }

            await Task.Yield();
            foreach (string folder in new[] { Directory, ExecRoot })
            {
                try
                {
                    System.IO.Directory.Delete(folder, true);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>What cloud-init prints for host key set 1 or 2 (fingerprints from ssh-keygen -l, and the key block).</summary>
        public string ConsoleOutput(string set, bool withKeys = true)
        {
            var fingerprints = new List<string>();
            foreach (string type in new[] { "ecdsa", "ed25519" })
            {
                string line = Run("/usr/bin/ssh-keygen", "-l", "-f", Path.Combine(Directory, $"host{set}_{type}.pub")).Trim();
                fingerprints.Add(line);
            }

            return SampleHostKeys.Console("ec2", fingerprints.ToArray(), set == "1" ? HostKeys1.ToArray() : HostKeys2.ToArray(), withKeys, ConsoleHost);
        }

        /// <summary>
        /// Claims the lowest /24 of 127.0.1-254 no sandbox or other test run holds and on whose .1, .2, .3 and .9
        /// nothing answers on port 22; a block held but busy stays held (so it is not tried again) until dispose.
        /// </summary>
        private async Task<string> ClaimAddressesAsync()
        {
            for (int n = 1; n <= 254; n++)
            {
                HostAddressBlock block;
                try
                {
                    block = HostAddressBlock.Claim(AddressLockRoot, "127.0." + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (InvalidOperationException)
                {
                    continue;
                }

                _blocks.Add(block);
                bool busy = false;
                foreach (string last in new[] { "1", "2", "3", "9" })
                {
                    busy |= await AnswersAsync(block.Prefix + "." + last, 22);
                }

                if (!busy)
                {
                    return block.Prefix;
                }
            }

            throw new InvalidOperationException($"No block of loopback addresses 127.0.1.0/24 to 127.0.254.0/24 is free ({Path.Combine(AddressLockRoot, "address-blocks")}).");
        }

        private static async Task<bool> AnswersAsync(string address, int port)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(2));
                return true;
            }
            catch (Exception ex) when (ex is SocketException || ex is TimeoutException)
            {
                return false;
            }
        }

        private IReadOnlyList<string> PublicKeys(string set) =>
            new[] { "ecdsa", "ed25519" }.Select(t => string.Join(" ", File.ReadAllText(Path.Combine(Directory, $"host{set}_{t}.pub")).Split(' ').Take(2))).ToList();

        private void StartSshd(string address, string keySet, string setEnv)
        {
            string name = "sshd-" + address.Split('.').Last();
            string config = Path.Combine(Directory, name + ".conf");
            File.WriteAllText(config, string.Join("\n",
                $"ListenAddress {address}:22",
                $"HostKey {Path.Combine(Directory, $"host{keySet}_ed25519")}",
                $"HostKey {Path.Combine(Directory, $"host{keySet}_ecdsa")}",
                $"AuthorizedKeysFile {Path.Combine(Directory, "authorized_keys")}",
                "AllowUsers root",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                $"PidFile {Path.Combine(Directory, name + ".pid")}",
                $"SetEnv {setEnv}",
                string.Empty));
            Start("/usr/sbin/sshd", "-f", config, "-D", "-E", Path.Combine(Directory, name + ".log"));
        }

        private async Task StartDockerdAsync()
        {
            Process dockerd = Start("/usr/sbin/dockerd", "--host", "unix://" + DockerSocket, "--data-root", Path.Combine(Directory, "docker-data"),
                "--exec-root", ExecRoot, "--pidfile", Path.Combine(Directory, "docker.pid"), "--bridge=none", "--iptables=false", "--ip-masq=false", "--ip6tables=false");
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(40))
            {
                if (dockerd.HasExited)
                {
                    DockerFailure = $"dockerd exited with code {dockerd.ExitCode} (log: {Path.Combine(Directory, "dockerd.log")}).";
                    return;
                }

                if (File.Exists(DockerSocket) && TryRun("/usr/bin/docker", "-H", "unix://" + DockerSocket, "version", "--format", "{{.Server.Version}}"))
                {
                    return;
                }

                await Task.Delay(250);
            }

            DockerFailure = "dockerd did not answer on " + DockerSocket + " within 40 s.";
        }

        private Process Start(string executable, params string[] arguments)
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + executable);
            string log = Path.Combine(Directory, Path.GetFileName(executable) + ".log");
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (_processes) { File.AppendAllText(log, e.Data + "\n"); } } };
            process.OutputDataReceived += (_, e) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            _processes.Add(process);
            return process;
        }

        private static async Task WaitForPortAsync(string address, int port, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(address, port);
                    return;
                }
                catch (SocketException) when (clock.Elapsed < timeout)
                {
                    await Task.Delay(50);
                }
            }
        }

        internal static string Run(string executable, params string[] arguments)
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{executable} {string.Join(" ", arguments)} failed ({process.ExitCode}): {error}");
        }

        private static bool TryRun(string executable, params string[] arguments)
        {
            try
            {
                Run(executable, arguments);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
