namespace BlueGreen.Traffic
{
    /// <summary>One registered target of a target group and its health as the load balancer sees it.</summary>
    public sealed class TargetStatus
    {
        public TargetStatus(string id, int? port, string state, string? reason, string? description)
        {
            Id = id;
            Port = port;
            State = state;
            Reason = reason;
            Description = description;
        }

        /// <summary>Instance id, IP address or ARN.</summary>
        public string Id { get; }

        public int? Port { get; }

        /// <summary>initial, healthy, unhealthy, unused, draining or unavailable.</summary>
        public string State { get; }

        public string? Reason { get; }

        public string? Description { get; }

        public bool IsHealthy => State == Aws.ElasticLoadBalancing.Model.TargetHealthStateEnum.Healthy;

        public override string ToString() => Port.HasValue ? $"{Id}:{Port} ({State})" : $"{Id} ({State})";
    }
}
