namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>
    /// What a target group is made of, as CreateTargetGroup takes it and DescribeTargetGroups reports it: protocol, port,
    /// VPC, target type and health check (the members the model's CreateTargetGroupInput and TargetGroup share).
    /// </summary>
    public abstract class TargetGroupSettings
    {
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

        /// <summary>Gives <paramref name="target"/> these settings (its own copy of the matcher).</summary>
        public void CopyTo(TargetGroupSettings target)
        {
            target.Protocol = Protocol;
            target.ProtocolVersion = ProtocolVersion;
            target.Port = Port;
            target.VpcId = VpcId;
            target.TargetType = TargetType;
            target.IpAddressType = IpAddressType;
            target.HealthCheckEnabled = HealthCheckEnabled;
            target.HealthCheckProtocol = HealthCheckProtocol;
            target.HealthCheckPort = HealthCheckPort;
            target.HealthCheckPath = HealthCheckPath;
            target.HealthCheckIntervalSeconds = HealthCheckIntervalSeconds;
            target.HealthCheckTimeoutSeconds = HealthCheckTimeoutSeconds;
            target.HealthyThresholdCount = HealthyThresholdCount;
            target.UnhealthyThresholdCount = UnhealthyThresholdCount;
            target.Matcher = Matcher == null ? null : new Matcher { HttpCode = Matcher.HttpCode, GrpcCode = Matcher.GrpcCode };
        }
    }
}
