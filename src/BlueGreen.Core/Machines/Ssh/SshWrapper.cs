namespace BlueGreen.Machines.Ssh
{
    /// <summary>Where <see cref="SshClientConfig.Install"/> put the wrapper: its bin folder (first on PATH), its config, the real ssh.</summary>
    /// <param name="BinDirectory">The folder whose <c>ssh</c> is the wrapper.</param>
    /// <param name="ConfigPath">The ssh_config the wrapper passes with -F.</param>
    /// <param name="SshExecutable">The real OpenSSH client the wrapper runs.</param>
    public sealed record SshWrapper(string BinDirectory, string ConfigPath, string SshExecutable);
}
