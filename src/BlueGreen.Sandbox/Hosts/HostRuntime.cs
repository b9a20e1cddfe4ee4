using System.IO;
using System.Runtime.InteropServices;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// What the host runtime (<see cref="InstanceRuntime.Host"/>) needs from this machine, and the programs it runs:
    /// root on Linux, Debian's OpenSSH server (<c>/usr/sbin/sshd</c>, <c>ssh-keygen</c>), Docker (<c>/usr/sbin/dockerd</c>
    /// with containerd), <c>start-stop-daemon</c>, and port 22 not taken on every address (a system sshd on 0.0.0.0:22
    /// keeps 127.0.1.x:22 from binding).
    /// </summary>
    public static class HostRuntime
    {
        internal const string Sshd = "/usr/sbin/sshd";
        internal const string SshKeygen = "/usr/bin/ssh-keygen";
        internal const string Dockerd = "/usr/sbin/dockerd";
        internal const string Containerd = "/usr/bin/containerd";
        internal const string StartStopDaemon = "/usr/sbin/start-stop-daemon";

        /// <summary>Null when host instances can run here; otherwise what is missing and what to install or stop.</summary>
        public static string? CheckPrerequisites()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return "Host instances need Linux (they run sshd and dockerd on this machine).";
            }

            if (!Environment.IsPrivilegedProcess)
            {
                return "Host instances need root (sshd binds port 22, dockerd manages mounts and namespaces): run as root.";
            }

            var missing = new List<string>();
            foreach (KeyValuePair<string, string> program in new Dictionary<string, string>
            {
                [Sshd] = "openssh-server",
                [SshKeygen] = "openssh-client",
                [Dockerd] = "docker.io",
                [Containerd] = "containerd (a dependency of docker.io)",
                [StartStopDaemon] = "dpkg",
            })
            {
                if (!File.Exists(program.Key))
                {
                    missing.Add($"{program.Key} (Debian package {program.Value})");
                }
            }

            if (missing.Count > 0)
            {
                return $"Host instances need {string.Join(", ", missing)}: install them, e.g. 'apt-get install --no-install-recommends openssh-server docker.io'.";
            }

            string? listener = WildcardListenerOnPort22();
            return listener == null ? null
                : $"Something already listens on {listener}:22 (a system sshd?), so no host instance can listen on its own 127.0.1.x:22. " +
                  "Stop it or make it listen on specific addresses only (ListenAddress in /etc/ssh/sshd_config); the sandbox stops nothing it did not start.";
        }

        /// <summary>0.0.0.0 or [::] when a socket listens on port 22 of every address; else null.</summary>
        internal static string? WildcardListenerOnPort22()
        {
            IReadOnlyList<string> listeners = ListenersOnPort22();
            return listeners.Contains("0.0.0.0") ? "0.0.0.0" : listeners.Contains("::") ? "[::]" : null;
        }

        /// <summary>The local addresses with a socket listening on port 22, from /proc/net/tcp and tcp6 (state 0A is LISTEN).</summary>
        internal static IReadOnlyList<string> ListenersOnPort22()
        {
            var addresses = new List<string>();
            foreach (string file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (!File.Exists(file))
                {
                    continue;
                }

                foreach (string line in File.ReadLines(file).Skip(1))
                {
                    string[] fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 3 && fields[3] == "0A" && fields[1].EndsWith(":0016", StringComparison.Ordinal))
                    {
                        string hex = fields[1].Substring(0, fields[1].Length - 5);
                        byte[] bytes = Convert.FromHexString(hex);
                        // The kernel prints each 32-bit word in host (little-endian) order.
                        for (int word = 0; word < bytes.Length; word += 4)
                        {
                            Array.Reverse(bytes, word, 4);
                        }

                        addresses.Add(new System.Net.IPAddress(bytes).ToString());
                    }
                }
            }

            return addresses;
        }
    }
}
