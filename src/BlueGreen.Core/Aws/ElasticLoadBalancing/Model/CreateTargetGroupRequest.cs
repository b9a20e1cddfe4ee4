using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What CreateTargetGroup takes.</summary>
    public sealed class CreateTargetGroupRequest
    {
        public string? Name { get; set; }

        public string? Protocol { get; set; }

        public string? ProtocolVersion { get; set; }

        public int? Port { get; set; }

        public string? VpcId { get; set; }

        public string? TargetType { get; set; }

        public string? IpAddressType { get; set; }

        public bool? HealthCheckEnabled { get; set; }

        public string? HealthCheckProtocol { get; set; }

        public string? HealthCheckPort { get; set; }

        public string? HealthCheckPath { get; set; }

        public int? HealthCheckIntervalSeconds { get; set; }

        public int? HealthCheckTimeoutSeconds { get; set; }

        public int? HealthyThresholdCount { get; set; }

        public int? UnhealthyThresholdCount { get; set; }

        public Matcher? Matcher { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
