using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Ssh.Integration
{
    /// <summary>
    /// Real OpenSSH servers on 127.0.77.x port 22 (out of the way of the sandbox's host instances on 127.0.1.x) and a
    /// dockerd of their own (own socket, data root and exec root; --bridge=none --iptables=false --ip-masq=false):
    /// .1 serves Docker (SetEnv DOCKER_HOST), .2 has no docker on its session PATH, .3 presents other host keys.
    /// Only root may log in, with <see cref="ClientKey"/>. Everything it started is stopped on dispose.
    /// </summary>
    public sealed class SshdWorld : IAsyncLifetime
    {
        internal const string DockerHost = "127.0.77.1";
        internal const string NoDockerHost = "127.0.77.2";
        internal const string OtherKeysHost = "127.0.77.3";
        internal const string NobodyHost = "127.0.77.9";

        private readonly List<Process> _processes = new List<Process>();

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
            foreach (string set in new[] { "1", "2" })
            {
                Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@ip-127-0-77", "-f", Path.Combine(Directory, $"host{set}_ed25519"));
                Run("/usr/bin/ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-C", "root@ip-127-0-77", "-f", Path.Combine(Directory, $"host{set}_ecdsa"));
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

            return SampleHostKeys.Console("ec2", fingerprints.ToArray(), set == "1" ? HostKeys1.ToArray() : HostKeys2.ToArray(), withKeys, "ip-127-0-77");
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
