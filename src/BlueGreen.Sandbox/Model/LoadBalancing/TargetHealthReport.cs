using System.Text.Json.Nodes;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>One entry of DescribeTargetHealth: the target, the port health checks go to, and its health.</summary>
    internal sealed class TargetHealthReport(string targetId, int? port, string? availabilityZone, string? healthCheckPort, TargetHealth health)
    {
        internal string TargetId { get; } = targetId;

        internal int? Port { get; } = port;

        internal string? AvailabilityZone { get; } = availabilityZone;

        internal string? HealthCheckPort { get; } = healthCheckPort;

        internal TargetHealth Health { get; } = health;


        /// <summary>The report as the model's TargetHealthDescription shape.</summary>
        internal JsonObject ToShape() => new JsonObject
        {
            ["Target"] = new JsonObject { ["Id"] = TargetId, ["Port"] = Port, ["AvailabilityZone"] = AvailabilityZone },
            ["HealthCheckPort"] = HealthCheckPort,
            ["TargetHealth"] = new JsonObject { ["State"] = Health.State, ["Reason"] = Health.Reason, ["Description"] = Health.Description },
        };
    }
}
