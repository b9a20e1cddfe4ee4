namespace BlueGreen.Traffic
{
    /// <summary>One registered target of a target group and its health as the load balancer sees it.</summary>
    public sealed class TargetStatus(string id, int? port, string state, string? reason, string? description)
    {
        /// <summary>Instance id, IP address or ARN.</summary>
        public string Id { get; } = id;

        public int? Port { get; } = port;

        /// <summary>initial, healthy, unhealthy, unused, draining or unavailable.</summary>
        public string State { get; } = state;

        public string? Reason { get; } = reason;

        public string? Description { get; } = description;

        public bool IsHealthy => State == Aws.ElasticLoadBalancing.Model.TargetHealthStateEnum.Healthy;

        public override string ToString() => Port.HasValue ? $"{Id}:{Port} ({State})" : $"{Id} ({State})";
    }
}
