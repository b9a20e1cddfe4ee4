namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>What CreateLoadBalancer asks for.</summary>
    internal sealed class LoadBalancerDefinition
    {
        internal string Name { get; set; } = string.Empty;

        internal string Type { get; set; } = "application";

        internal string Scheme { get; set; } = "internet-facing";

        internal string IpAddressType { get; set; } = "ipv4";

        internal IReadOnlyList<string> Subnets { get; set; } = new List<string>();

        internal IReadOnlyList<string> SecurityGroups { get; set; } = new List<string>();

        internal IReadOnlyList<KeyValuePair<string, string>> Tags { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The request's settings in canonical form: the same name with other settings is DuplicateLoadBalancerName.</summary>
        internal string Fingerprint { get; set; } = string.Empty;
    }
}
