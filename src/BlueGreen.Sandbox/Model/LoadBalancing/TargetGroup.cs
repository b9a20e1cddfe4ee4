using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A target group: where listeners and rules forward to, and its registered targets.</summary>
    internal sealed class TargetGroup(string arn, string name, string targetType, string? protocol, string? protocolVersion, int? port, string? vpcId, string ipAddressType, TargetGroupHealthCheck healthCheck)
    {
        /// <summary>The health every target without its own override reports (AwsSandbox.SetGroupHealth); null: the timeline.</summary>
        internal TargetHealth? HealthDefault { get; set; }

        internal string Arn { get; } = arn;

        internal string Name { get; } = name;

        /// <summary><c>instance</c>, <c>ip</c>, <c>lambda</c> or <c>alb</c>.</summary>
        internal string TargetType { get; } = targetType;

        internal string? Protocol { get; } = protocol;

        internal string? ProtocolVersion { get; } = protocolVersion;

        internal int? Port { get; } = port;

        internal string? VpcId { get; } = vpcId;

        internal string IpAddressType { get; } = ipAddressType;

        internal TargetGroupHealthCheck HealthCheck { get; } = healthCheck;

        internal TagSet Tags { get; } = new TagSet();

        /// <summary>Attributes set with ModifyTargetGroupAttributes (the others report their defaults).</summary>
        internal SortedDictionary<string, string> Attributes { get; } = new SortedDictionary<string, string>(System.StringComparer.Ordinal);

        /// <summary>Registered and draining targets, in registration order.</summary>
        internal List<RegisteredTarget> Targets { get; } = new List<RegisteredTarget>();


        /// <summary>The target group as the model's TargetGroup shape, with the load balancers that route to it.</summary>
        internal JsonObject ToShape(IEnumerable<string> loadBalancerArns) => new JsonObject
        {
            ["TargetGroupArn"] = Arn,
            ["TargetGroupName"] = Name,
            ["Protocol"] = Protocol,
            ["Port"] = Port,
            ["VpcId"] = VpcId,
            ["HealthCheckProtocol"] = HealthCheck.Protocol,
            ["HealthCheckPort"] = TargetType == "lambda" ? null : HealthCheck.Port,
            ["HealthCheckEnabled"] = HealthCheck.Enabled,
            ["HealthCheckIntervalSeconds"] = HealthCheck.IntervalSeconds,
            ["HealthCheckTimeoutSeconds"] = HealthCheck.TimeoutSeconds,
            ["HealthyThresholdCount"] = HealthCheck.HealthyThresholdCount,
            ["UnhealthyThresholdCount"] = HealthCheck.UnhealthyThresholdCount,
            ["HealthCheckPath"] = HealthCheck.Path,
            ["Matcher"] = HealthCheck.MatcherHttpCode == null ? null : new JsonObject { ["HttpCode"] = HealthCheck.MatcherHttpCode },
            ["LoadBalancerArns"] = ShapeValues.Array(loadBalancerArns),
            ["TargetType"] = TargetType,
            ["ProtocolVersion"] = ProtocolVersion,
            ["IpAddressType"] = TargetType == "lambda" ? null : IpAddressType,
        };
    }
}
