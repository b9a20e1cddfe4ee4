namespace BlueGreen.Configuration
{
    /// <summary>
    /// How the EC2 provider reaches its machines over ssh (Machines.Ec2.Ssh): which host keys it trusts and where it
    /// keeps them, which identity it logs in with, and how long each wait may take. Nothing of ~/.ssh is read for
    /// trust nor written: every connection uses BlueGreen's own ssh config (StrictHostKeyChecking yes, BatchMode yes).
    /// </summary>
    public sealed class Ec2SshSettings
    {
        /// <summary>Where host-key trust comes from.</summary>
        public SshHostKeyTrust HostKeyTrust { get; set; } = SshHostKeyTrust.ConsoleOutput;

        /// <summary>
        /// The known-hosts file BlueGreen keeps (absolute); null: <see cref="DefaultKnownHostsFile"/>. Required
        /// with HostKeyTrust KnownHostsFile (then it is yours and BlueGreen only reads it through ssh).
        /// </summary>
        public string? KnownHostsFile { get; set; }

        /// <summary>The private key ssh logs in with (absolute); null: ssh's defaults (~/.ssh/id_*, the agent).</summary>
        public string? IdentityFile { get; set; }

        /// <summary>ssh's ConnectTimeout, and ssh-keyscan's -T.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long the host-key fingerprints may take to appear in the console output and the address to answer on port 22.</summary>
        public TimeSpan HostKeyTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How long Docker may take to answer through the ssh connection after the host key is trusted.</summary>
        public TimeSpan DockerTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How long an idle ssh connection to a machine is kept for the next docker or compose command (OpenSSH's
        /// ControlMaster/ControlPersist, as Ansible does by default); zero opens a new connection for every command.
        /// Every new connection still checks the host key; removing a machine closes its connection.
        /// </summary>
        public TimeSpan ConnectionReuse { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The OpenSSH client the wrapper runs (name on PATH or full path).</summary>
        public string Executable { get; set; } = "ssh";

        /// <summary>The ssh-keyscan that reads the key an address presents (name on PATH or full path).</summary>
        public string KeyscanExecutable { get; set; } = "ssh-keyscan";

        /// <summary>The known-hosts file to use: <see cref="KnownHostsFile"/>, else <see cref="DefaultKnownHostsFile"/>.</summary>
        public string ResolvedKnownHostsFile => KnownHostsFile ?? DefaultKnownHostsFile();

        /// <summary>$XDG_STATE_HOME/bluegreen/known_hosts, else ~/.local/state/bluegreen/known_hosts.</summary>
        public static string DefaultKnownHostsFile()
        {
            string? state = System.Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(state) || !System.IO.Path.IsPathRooted(state))
            {
                string home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
                state = System.IO.Path.Combine(home, ".local", "state");
            }

            return System.IO.Path.Combine(state, "bluegreen", "known_hosts");
        }
    }
}
