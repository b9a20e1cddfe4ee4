namespace BlueGreen.Configuration
{
    /// <summary>Where the EC2 provider's trust in an instance's ssh host key comes from (Machines.Ec2.Ssh.HostKeyTrust).</summary>
    public enum SshHostKeyTrust
    {
        /// <summary>
        /// The fingerprints cloud-init prints to the instance's console (GetConsoleOutput, read over the signed EC2
        /// API): the key the address presents must match one before BlueGreen records it in its known-hosts file.
        /// </summary>
        ConsoleOutput,

        /// <summary>
        /// Keys (or an @cert-authority line) you put in Machines.Ec2.Ssh.KnownHostsFile yourself, e.g. host keys
        /// baked into the AMI or host certificates: BlueGreen neither reads the console nor writes the file, and ssh
        /// refuses any host the file does not vouch for.
        /// </summary>
        KnownHostsFile,
    }
}
