namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>What CreateTargetGroup asks for.</summary>
    internal sealed class TargetGroupDefinition
    {
        internal string Name { get; set; } = string.Empty;

        internal string TargetType { get; set; } = "instance";

        internal string? Protocol { get; set; }

        internal string? ProtocolVersion { get; set; }

        internal int? Port { get; set; }

        internal string? VpcId { get; set; }

        internal string IpAddressType { get; set; } = "ipv4";

        internal TargetGroupHealthCheck HealthCheck { get; set; } = new TargetGroupHealthCheck();

        internal IReadOnlyList<KeyValuePair<string, string>> Tags { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The request's settings in canonical form: the same name with other settings is DuplicateTargetGroupName.</summary>
        internal string Fingerprint { get; set; } = string.Empty;
    }
}
