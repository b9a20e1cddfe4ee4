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
    }
}
