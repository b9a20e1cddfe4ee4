namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>What RunInstances asks for.</summary>
    internal sealed class InstanceLaunchRequest
    {
        internal string ImageId { get; set; } = string.Empty;

        internal string InstanceType { get; set; } = "m1.small";

        internal int MinCount { get; set; } = 1;

        internal int MaxCount { get; set; } = 1;

        internal string? KeyName { get; set; }

        internal string? SubnetId { get; set; }

        internal IReadOnlyList<string> SecurityGroupIds { get; set; } = new List<string>();

        /// <summary>The tags of TagSpecifications with ResourceType <c>instance</c>.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> InstanceTags { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>
        /// RunInstances' PrivateIpAddress: an address of the subnet, or (a sandbox extension) a loopback address
        /// 127.0.0.0/8 meaning "served on this host"; such an instance has no public IP.
        /// </summary>
        internal string? PrivateIpAddress { get; set; }

        internal string? ClientToken { get; set; }

        /// <summary>Every launch parameter in canonical form: a ClientToken reused with another fingerprint is a mismatch.</summary>
        internal string Fingerprint { get; set; } = string.Empty;
    }
}
