namespace BlueGreen.Machines.Ssh
{
    /// <summary>Where <see cref="SshClientConfig.Install"/> put the wrapper: its bin folder (first on PATH), its config, the real ssh.</summary>
    public sealed class SshWrapper
    {
        public SshWrapper(string binDirectory, string configPath, string sshExecutable)
        {
            BinDirectory = binDirectory;
            ConfigPath = configPath;
            SshExecutable = sshExecutable;
        }

        /// <summary>The folder whose <c>ssh</c> is the wrapper.</summary>
        public string BinDirectory { get; }

        /// <summary>The ssh_config the wrapper passes with -F.</summary>
        public string ConfigPath { get; }

        /// <summary>The real OpenSSH client the wrapper runs.</summary>
        public string SshExecutable { get; }
    }
}
