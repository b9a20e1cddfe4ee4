using BlueGreen.Sandbox.Health;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A target (instance id or IP address, and port) registered in a target group.</summary>
    internal sealed class RegisteredTarget
    {
        internal RegisteredTarget(string id, int port, string? availabilityZone, DateTimeOffset registeredAt)
        {
            Id = id;
            Port = port;
            AvailabilityZone = availabilityZone;
            RegisteredAt = registeredAt;
        }

        internal string Id { get; }

        internal int Port { get; }

        internal string? AvailabilityZone { get; }

        internal DateTimeOffset RegisteredAt { get; set; }

        /// <summary>When it was deregistered: it drains until the deregistration delay has passed, then is gone.</summary>
        internal DateTimeOffset? DeregisteredAt { get; set; }

        /// <summary>A health state a test set explicitly; it wins over the sandbox's own registration timeline.</summary>
        internal TargetHealth? HealthOverride { get; set; }

        /// <summary>The real health checks of a target on this machine's loopback (null until the first one, and for simulated machines).</summary>
        internal TargetHealthChecks? Checks { get; set; }

        internal bool Matches(string id, int port) => string.Equals(Id, id, StringComparison.Ordinal) && Port == port;
    }
}
