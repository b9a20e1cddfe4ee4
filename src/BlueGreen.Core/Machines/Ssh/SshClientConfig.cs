using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using BlueGreen.Configuration;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// BlueGreen's own ssh client configuration and the <c>ssh</c> wrapper that applies it. Neither Docker nor compose
    /// passes ssh options: they run <c>ssh</c> from their PATH (the Docker CLI: <c>ssh ... -- user@host docker system
    /// dial-stdio</c>; compose v1 through docker-py: <c>/bin/sh -c "ssh -l user -- host docker system dial-stdio"</c>).
    /// So BlueGreen puts a folder of its own first on their PATH whose <c>ssh</c> is
    /// <c>exec /usr/bin/ssh -F &lt;this config&gt; "$@"</c>. With -F, neither ~/.ssh/config nor /etc/ssh/ssh_config is
    /// read; the config pins the known-hosts file, StrictHostKeyChecking yes and BatchMode yes. The folder is named by
    /// a hash of its contents (<c>&lt;state&gt;/ssh/&lt;hash&gt;/</c>), written once by an atomic rename, so processes with
    /// the same settings share it and processes with other settings never change it under each other.
    /// </summary>
    public sealed class SshClientConfig
    {
        private readonly Ec2SshSettings _settings;
        private readonly string _stateDirectory;

        /// <param name="stateDirectory">Where the wrapper folders go; null: the folder of the default known-hosts file ($XDG_STATE_HOME/bluegreen).</param>
        public SshClientConfig(Ec2SshSettings settings, string? stateDirectory = null)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _stateDirectory = stateDirectory ?? Path.GetDirectoryName(Ec2SshSettings.DefaultKnownHostsFile())!;
            KnownHostsFile = settings.ResolvedKnownHostsFile;
        }

        public string KnownHostsFile { get; }

        /// <summary>
        /// Where the shared connections' sockets are (<c>&lt;state&gt;/ssh/cm</c>), or null when connections are not shared:
        /// Machines.Ec2.Ssh.ConnectionReuseSeconds is 0, or the folder's path leaves no room in a unix socket's 107 bytes
        /// for <c>user@address:port</c> and the suffix ssh adds while it makes the socket.
        /// </summary>
        public string? ControlDirectory
        {
            get
            {
                string folder = Path.Combine(_stateDirectory, "ssh", "cm");
                return _settings.ConnectionReuse > TimeSpan.Zero && folder.Length + 1 + MaxControlName + 17 < 107 ? folder : null;
            }
        }

        /// <summary>The longest <c>%r@%h:%p</c>: a 32-character user, an IPv4 address, a 5-digit port.</summary>
        private const int MaxControlName = 32 + 1 + 15 + 1 + 5;

        /// <summary>The ssh_config text every connection uses.</summary>
        public string RenderConfig()
        {
            var text = new StringBuilder();
            text.Append("# Written by BlueGreen for the EC2 provider's ssh connections (Docker, compose, ssh-keyscan's checks). Do not edit:\n");
            text.Append("# it is rewritten under another name when Machines.Ec2.Ssh changes.\n");
            text.Append("Host *\n");
            Option(text, "UserKnownHostsFile", Quote(KnownHostsFile));
            Option(text, "GlobalKnownHostsFile", "/dev/null");
            Option(text, "StrictHostKeyChecking", "yes");
            Option(text, "BatchMode", "yes");
            Option(text, "UpdateHostKeys", "no");
            Option(text, "HashKnownHosts", "no");
            Option(text, "CheckHostIP", "no");
            if (_settings.IdentityFile != null)
            {
                Option(text, "IdentityFile", Quote(_settings.IdentityFile));
                Option(text, "IdentitiesOnly", "yes");
            }

            Option(text, "PasswordAuthentication", "no");
            Option(text, "KbdInteractiveAuthentication", "no");
            Option(text, "ConnectTimeout", ((int)_settings.ConnectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            Option(text, "ServerAliveInterval", "15");
            Option(text, "ServerAliveCountMax", "4");
            // Connection sharing, as Ansible does by default: compose v1 opens several ssh connections per command
            // (docker-py dials each API connection through 'docker system dial-stdio'), each a full handshake without
            // it. The master checks the host key when it connects (StrictHostKeyChecking yes); it stays at most
            // ConnectionReuse after its last use, dies with the instance's sshd, and is closed when BlueGreen removes
            // the machine (ssh -O exit), so a later instance at the same address never meets it (see docs/ec2.md).
            string? control = ControlDirectory;
            if (control != null)
            {
                Option(text, "ControlMaster", "auto");
                // The folder's own '%' escaped, then ssh's tokens: one socket per user, address and port.
                Option(text, "ControlPath", "\"" + Escape(control) + "/%r@%h:%p\"");
                Option(text, "ControlPersist", ((int)_settings.ConnectionReuse.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            }
            else
            {
                Option(text, "ControlMaster", "no");
                Option(text, "ControlPath", "none");
            }

            Option(text, "ForwardAgent", "no");
            Option(text, "ForwardX11", "no");
            Option(text, "LogLevel", "ERROR");
            return text.ToString();
        }

        /// <summary>The wrapper script: the real ssh with BlueGreen's config, arguments passed on unchanged.</summary>
        public static string RenderWrapper(string sshExecutable, string configPath) =>
            "#!/bin/sh\n" +
            "# Written by BlueGreen: first on the PATH of the docker and compose it runs, so that their ssh:// connections use\n" +
            "# BlueGreen's ssh config (its known-hosts file, StrictHostKeyChecking yes, BatchMode yes), never ~/.ssh/config.\n" +
            $"exec {ShellQuote(sshExecutable)} -F {ShellQuote(configPath)} \"$@\"\n";

        /// <summary>Writes the config and the wrapper (once per content) and returns where they are.</summary>
        public SshWrapper Install()
        {
            if (OperatingSystem.IsWindows())
            {
                throw new BlueGreenException("SshWrapperNeedsPosix", FailureCategory.NotImplemented,
                    "The EC2 provider hands docker and compose an ssh wrapper that is a POSIX shell script; run BlueGreen on Linux or macOS (or WSL).", "Machines.Ec2.Ssh");
            }


            string ssh = ResolveExecutable(_settings.Executable, "Machines.Ec2.Ssh.Executable", "openssh-client");
            string config = RenderConfig();
            string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ssh + "\n" + config))).Substring(0, 16).ToLowerInvariant();
            string folder = Path.Combine(_stateDirectory, "ssh", hash);
            string configPath = Path.Combine(folder, "config");
            string binDirectory = Path.Combine(folder, "bin");
            string wrapperPath = Path.Combine(binDirectory, "ssh");
            Directory.CreateDirectory(binDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (ControlDirectory != null)
            {
                // The shared connections' sockets: only this user may reach them.
                Directory.CreateDirectory(ControlDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            WriteOnce(configPath, config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteOnce(wrapperPath, RenderWrapper(ssh, configPath), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return new SshWrapper(binDirectory, configPath, ssh);
        }

        /// <summary>
        /// An executable as given when it is a path, else its first match on this process's PATH (which never holds the
        /// wrapper folder: only the docker and compose processes get that); SshNotInstalled when there is none.
        /// </summary>
        public static string ResolveExecutable(string executable, string setting, string package)
        {
            if (executable.IndexOf('/') >= 0)
            {
                return File.Exists(executable) ? executable : throw NotInstalled(executable, setting, package);
            }

            string? found = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, executable))
                .FirstOrDefault(File.Exists);
            return found ?? throw NotInstalled(executable, setting, package);
        }

        private static BlueGreenException NotInstalled(string executable, string setting, string package) =>
            new BlueGreenException("SshNotInstalled", FailureCategory.NotInstalled,
                $"The EC2 provider reaches machines with OpenSSH's '{executable}', which was not found. Install {package} (e.g. apt-get install {package}), or set {setting} in bluegreen.psd1 to its full path.",
                setting);

        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private static void WriteOnce(string path, string content, UnixFileMode mode)
        {
            if (File.Exists(path) && File.ReadAllText(path) == content)
            {
                return;
            }

            string temporary = path + "." + Guid.NewGuid().ToString("n").Substring(0, 12) + ".tmp";
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }

            File.Move(temporary, path, overwrite: true);
        }

        private static void Option(StringBuilder text, string name, string value) => text.Append("    ").Append(name).Append(' ').Append(value).Append('\n');

        /// <summary>A path in ssh_config: double-quoted, '%' doubled (ssh expands %h, %d, ... in these paths).</summary>
        private static string Quote(string path) => "\"" + Escape(path) + "\"";

        /// <summary>'%' doubled: ssh expands %h, %d, ... in these paths.</summary>
        private static string Escape(string path) => path.Replace("%", "%%", StringComparison.Ordinal);

        private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
