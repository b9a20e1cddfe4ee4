using BlueGreen.Configuration;

namespace BlueGreen.Machines
{
    /// <summary>
    /// A project's machine as New-BgMachine and Get-BgMachine show it: the provider's view (name, instance,
    /// address) joined with the load balancer's (target group, its color and role, the target's health).
    /// </summary>
    public sealed class Machine(MachineInstance instance, MachineRole role, string? targetGroup, string? targetGroupArn, string? color, string? health)
    {
        public string Name => Instance.Name;

        public string? InstanceId => Instance.InstanceId;

        public MachineProviderKind Provider => Instance.Provider;

        public string? Address => Instance.Address;

        /// <summary>The port its target is registered with; null: the target group's port.</summary>
        public int? Port => Instance.Port;

        /// <summary>Color of its target group (blue/green); null for an orphan.</summary>
        public string? Color { get; } = color;

        /// <summary>Name of the target group it is registered in; null for an orphan.</summary>
        public string? TargetGroup { get; } = targetGroup;

        public string? TargetGroupArn { get; } = targetGroupArn;

        public MachineRole Role { get; } = role;

        /// <summary>The target's health in its group (healthy, initial, unhealthy, draining, ...); null for an orphan.</summary>
        public string? Health { get; } = health;

        public string? Release => Instance.Release;

        /// <summary>The id of the deployment that launched it (tag bluegreen:deployment); null when not known.</summary>
        public string? Deployment => Instance.Deployment;

        public DateTimeOffset? LaunchedAt => Instance.LaunchedAt;

        /// <summary>The provider's state (running, Running, ...).</summary>
        public string State => Instance.State;

        /// <summary>The provider's record, for engine calls (removal, Docker connection).</summary>
        public MachineInstance Instance { get; } = instance ?? throw new ArgumentNullException(nameof(instance));

        public bool IsHealthy => Health == "healthy";

        public override string ToString() => Instance.ToString();
    }
}
