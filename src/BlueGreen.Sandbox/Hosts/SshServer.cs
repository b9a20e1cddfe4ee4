using System.IO;
using System.Net.Sockets;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// One instance's OpenSSH server: Debian's <c>/usr/sbin/sshd</c> with its own config, listening on the instance's
    /// address only, letting in root with the key pair's key and nothing else; it daemonizes itself (its own session,
    /// its pid in <see cref="HostInstanceFolder.SshdPidFile"/>).
    /// </summary>
    internal sealed class SshServer(HostInstanceFolder folder, string address)
    {
        private readonly HostInstanceFolder _folder = folder;
        private readonly string _address = address;

        /// <summary>
        /// Writes sshd_config and authorized_keys. <paramref name="environment"/> is what every session gets (SetEnv):
        /// DOCKER_HOST, or for an image without Docker a PATH without docker.
        /// </summary>
        internal void Configure(string? authorizedKey, IReadOnlyDictionary<string, string> environment)
        {
            File.WriteAllText(_folder.AuthorizedKeys, authorizedKey == null ? string.Empty : authorizedKey.Trim() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_folder.AuthorizedKeys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var lines = new List<string>
            {
                "# A BlueGreen sandbox host instance's sshd (see docs/sandbox-host-instances.md).",
                $"ListenAddress {_address}:22",
            };
            foreach (string type in SshHostKeySet.Types)
            {
                lines.Add($"HostKey {_folder.HostKey(type)}");
            }

            lines.AddRange(new[]
            {
                $"PidFile {_folder.SshdPidFile}",
                $"AuthorizedKeysFile {_folder.AuthorizedKeys}",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AllowUsers root",
                "UsePAM no",
                "StrictModes yes",
                "PrintMotd no",
                "X11Forwarding no",
                "AllowTcpForwarding yes",
                "AllowStreamLocalForwarding yes",
                "Subsystem sftp internal-sftp",
            });
            foreach (KeyValuePair<string, string> variable in environment)
            {
                lines.Add($"SetEnv {variable.Key}={variable.Value}");
            }

            File.WriteAllLines(_folder.SshdConfig, lines);
        }

        /// <summary>Starts sshd (it forks into the background once it listens) and waits until port 22 accepts.</summary>
        internal void Start(TimeSpan timeout, CancellationToken cancel)
        {
            Directory.CreateDirectory("/run/sshd");
            HostCommandResult result = HostCommand.Run(HostRuntime.Sshd, new[] { "-f", _folder.SshdConfig, "-E", _folder.SshdLog }, timeout);
            if (result.ExitCode != 0)
            {
                string log = File.Exists(_folder.SshdLog) ? File.ReadAllText(_folder.SshdLog).Trim() : string.Empty;
                throw new InvalidOperationException(
                    $"sshd for {_address} did not start (exit {result.ExitCode}): {(log.Length > 0 ? log : result.Error.Trim())}" +
                    (HostRuntime.WildcardListenerOnPort22() is string wildcard ? $" Something listens on {wildcard}:22 and takes port 22 on every address: stop it." : string.Empty));
            }

            DateTime deadline = DateTime.UtcNow + timeout;
            while (!Accepts())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"sshd for {_address} does not accept connections on port 22 after {timeout.TotalSeconds:N0} s (log {_folder.SshdLog}).");
                }

                cancel.WaitHandle.WaitOne(25);
                cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Stops the listening sshd (not the sessions it started) and waits for it to be gone.</summary>
        internal void Stop()
        {
            if (HostProcesses.ReadPidFile(_folder.SshdPidFile) is int pid && !HostProcesses.IsGone(pid))
            {
                HostProcesses.KillAndWait(new[] { pid }, TimeSpan.FromSeconds(10));
            }

            File.Delete(_folder.SshdPidFile);
        }

        internal bool Accepts()
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(System.Net.IPAddress.Parse(_address), 22);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
