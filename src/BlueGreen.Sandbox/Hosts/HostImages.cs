namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// The image ids that make host instances behave differently (RunInstances' ImageId). Any other well-formed image id
    /// boots like <see cref="Docker"/>.
    /// </summary>
    public sealed class HostImages
    {
        /// <summary>The usual image: sshd, then its own Docker engine with the preloaded images (a baked AMI).</summary>
        public string Docker { get; } = "ami-0d0c4e500000000a1";

        /// <summary>An image without Docker: sshd comes up, but the ssh session's PATH has no <c>docker</c> and no engine runs.</summary>
        public string NoDocker { get; } = "ami-0d0c4e500000000b2";

        /// <summary>An image whose Docker never starts: <c>docker</c> is there, but its engine socket never answers.</summary>
        public string DockerNeverStarts { get; } = "ami-0d0c4e500000000c3";

        /// <summary>
        /// Boots like <see cref="Docker"/>, but its sshd presents host keys other than those its console output announces:
        /// a man in the middle from the first connection, which a client that verifies host keys must refuse.
        /// </summary>
        public string ImpostorHostKey { get; } = "ami-0d0c4e500000000d4";

        public override string ToString() => $"Docker {Docker}, NoDocker {NoDocker}, DockerNeverStarts {DockerNeverStarts}, ImpostorHostKey {ImpostorHostKey}";
    }
}
