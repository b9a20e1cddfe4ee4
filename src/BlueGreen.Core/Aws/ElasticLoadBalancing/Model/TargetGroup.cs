using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A target group: where a forward action sends requests, with its health check settings.</summary>
    public sealed class TargetGroup
    {
        public string? TargetGroupArn { get; set; }

        public string? TargetGroupName { get; set; }

        public string? Protocol { get; set; }

        public string? ProtocolVersion { get; set; }

        public int? Port { get; set; }

        public string? VpcId { get; set; }

        /// <summary>instance, ip, lambda or alb.</summary>
        public string? TargetType { get; set; }

        public string? IpAddressType { get; set; }

        public bool? HealthCheckEnabled { get; set; }

        public string? HealthCheckProtocol { get; set; }

        /// <summary>A port number or traffic-port.</summary>
        public string? HealthCheckPort { get; set; }

        public string? HealthCheckPath { get; set; }

        public int? HealthCheckIntervalSeconds { get; set; }

        public int? HealthCheckTimeoutSeconds { get; set; }

        public int? HealthyThresholdCount { get; set; }

        public int? UnhealthyThresholdCount { get; set; }

        public Matcher? Matcher { get; set; }

        /// <summary>The load balancers that route traffic to this group.</summary>
        public List<string> LoadBalancerArns { get; set; } = new List<string>();
    }
}
