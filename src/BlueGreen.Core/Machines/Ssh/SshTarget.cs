namespace BlueGreen.Machines.Ssh
{
    /// <summary>One machine as ssh reaches it, with what an error message needs to say what to fix.</summary>
    public sealed class SshTarget
    {
        public SshTarget(string machineName, string? instanceId, string address, string user, string? identityFile, string? keyName, IReadOnlyList<string>? securityGroupIds = null)
        {
            MachineName = machineName ?? throw new ArgumentNullException(nameof(machineName));
            InstanceId = instanceId;
            Address = string.IsNullOrEmpty(address) ? throw new ArgumentException("An ssh target needs an address.", nameof(address)) : address;
            User = user ?? throw new ArgumentNullException(nameof(user));
            IdentityFile = identityFile;
            KeyName = keyName;
            SecurityGroupIds = securityGroupIds ?? Array.Empty<string>();
        }

        public string MachineName { get; }

        public string? InstanceId { get; }

        /// <summary>The address ssh connects to (public, else private).</summary>
        public string Address { get; }

        public string User { get; }

        /// <summary>Machines.Ec2.Ssh.IdentityFile; null: ssh's defaults.</summary>
        public string? IdentityFile { get; }

        /// <summary>The EC2 key pair the instance was launched with (Machines.Ec2.KeyName).</summary>
        public string? KeyName { get; }

        public IReadOnlyList<string> SecurityGroupIds { get; }

        /// <summary>"machine shop-0a1b2c3d (i-0123...) at 203.0.113.7".</summary>
        public string Describe() => $"machine {MachineName}" + (InstanceId == null ? string.Empty : $" ({InstanceId})") + $" at {Address}";

        public override string ToString() => MachineName;
    }
}
