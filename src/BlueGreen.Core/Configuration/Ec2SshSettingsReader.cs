using System.IO;
using System.Text.RegularExpressions;

namespace BlueGreen.Configuration
{
    /// <summary>Reads and validates Machines.Ec2.Ssh and Machines.Ec2.SshUser of a bluegreen.psd1.</summary>
    internal static class Ec2SshSettingsReader
    {
        /// <summary>A login name as OpenSSH and the Docker clients pass it (compose v1 puts it in a shell command line).</summary>
        private static readonly Regex UserName = new Regex(@"^[A-Za-z_][A-Za-z0-9_.-]{0,31}\z", RegexOptions.CultureInvariant);

        internal static string ReadUser(SettingsSection ec2)
        {
            string user = ec2.String("SshUser", "ubuntu")!;
            if (!UserName.IsMatch(user))
            {
                throw ec2.Invalid("SshUser", $"is '{user}'",
                    "give the login user of the AMI (letters, digits, '_', '.', '-', starting with a letter or '_'), e.g. 'ubuntu' (Ubuntu), 'ec2-user' (Amazon Linux), 'admin' (Debian)");
            }

            return user;
        }

        internal static Ec2SshSettings Read(SettingsSection section, string baseDirectory)
        {
            var defaults = new Ec2SshSettings();
            var ssh = new Ec2SshSettings
            {
                HostKeyTrust = section.Enum("HostKeyTrust", defaults.HostKeyTrust),
                KnownHostsFile = Path(section, "KnownHostsFile", baseDirectory),
                IdentityFile = Path(section, "IdentityFile", baseDirectory),
                ConnectTimeout = section.Seconds("ConnectTimeoutSeconds", defaults.ConnectTimeout, 1, 300),
                HostKeyTimeout = section.Seconds("HostKeyTimeoutSeconds", defaults.HostKeyTimeout, 1, 3600),
                DockerTimeout = section.Seconds("DockerTimeoutSeconds", defaults.DockerTimeout, 1, 3600),
                ConnectionReuse = section.Seconds("ConnectionReuseSeconds", defaults.ConnectionReuse, 0, 3600),
                Executable = Executable(section, "Executable", defaults.Executable, baseDirectory),
                KeyscanExecutable = Executable(section, "KeyscanExecutable", defaults.KeyscanExecutable, baseDirectory),
            };
            if (ssh.HostKeyTrust == SshHostKeyTrust.KnownHostsFile && ssh.KnownHostsFile == null)
            {
                throw section.Missing("KnownHostsFile",
                    "HostKeyTrust 'KnownHostsFile' trusts only the keys of a file you keep: name it, e.g. KnownHostsFile = 'deploy/known_hosts' (host keys or an @cert-authority line), or remove HostKeyTrust to verify each instance's key against its console output");
            }

            section.RejectUnknownKeys("HostKeyTrust", "KnownHostsFile", "IdentityFile", "ConnectTimeoutSeconds", "HostKeyTimeoutSeconds", "DockerTimeoutSeconds", "ConnectionReuseSeconds", "Executable", "KeyscanExecutable");
            return ssh;
        }

        private static string? Path(SettingsSection section, string key, string baseDirectory)
        {
            string? value = section.String(key);
            if (value == null)
            {
                return null;
            }

            // The path goes into an ssh config file between double quotes: a quote or a line break cannot be written there.
            if (value.IndexOfAny(new[] { '"', '\n', '\r' }) >= 0)
            {
                throw section.Invalid(key, $"is '{value}', which has a double quote or a line break", "use a path without them");
            }

            if (value.StartsWith("~/", StringComparison.Ordinal))
            {
                value = System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), value.Substring(2));
            }

            return System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, value));
        }

        private static string Executable(SettingsSection section, string key, string fallback, string baseDirectory)
        {
            string value = section.String(key, fallback)!;
            if (value.IndexOfAny(new[] { '\'', '\n', '\r' }) >= 0)
            {
                throw section.Invalid(key, $"is '{value}', which has a single quote or a line break", "use a name on PATH or a path without them");
            }

            return value.IndexOf('/') >= 0 ? System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, value)) : value;
        }
    }
}
