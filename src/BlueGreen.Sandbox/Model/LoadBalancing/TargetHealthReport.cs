using System.Text.Json.Nodes;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>One entry of DescribeTargetHealth: the target, the port health checks go to, and its health.</summary>
    internal sealed class TargetHealthReport
    {
        internal TargetHealthReport(string targetId, int? port, string? availabilityZone, string? healthCheckPort, TargetHealth health)
        {
            TargetId = targetId;
            Port = port;
            AvailabilityZone = availabilityZone;
            HealthCheckPort = healthCheckPort;
            Health = health;
        }

        internal string TargetId { get; }

        internal int? Port { get; }

        internal string? AvailabilityZone { get; }

        internal string? HealthCheckPort { get; }

        internal TargetHealth Health { get; }


        /// <summary>The report as the model's TargetHealthDescription shape.</summary>
        internal JsonObject ToShape() => new JsonObject
        {
            ["Target"] = new JsonObject { ["Id"] = TargetId, ["Port"] = Port, ["AvailabilityZone"] = AvailabilityZone },
            ["HealthCheckPort"] = HealthCheckPort,
            ["TargetHealth"] = new JsonObject { ["State"] = Health.State, ["Reason"] = Health.Reason, ["Description"] = Health.Description },
        };
    }
}
