using BlueGreen.Configuration;

namespace BlueGreen.Machines
{
    /// <summary>A machine as its provider knows it: name, EC2 instance, address and state.</summary>
    public sealed class MachineInstance(string name, string? instanceId, MachineProviderKind provider, string? address, string state,
        string? sshUser = null, string? release = null, DateTimeOffset? launchedAt = null, int? port = null, string? privateAddress = null, string? color = null,
        string? deployment = null)
    {
        public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

        /// <summary>The EC2 instance id (i-...), the id a target group registers.</summary>
        public string? InstanceId { get; } = instanceId;

        public MachineProviderKind Provider { get; } = provider;

        /// <summary>Public IP address, or the private one when the instance has none: the address ssh connects to.</summary>
        public string? Address { get; } = address;

        /// <summary>
        /// The private IP address (EC2 machines): the one the load balancer health-checks and forwards to, handed to
        /// compose as BLUEGREEN_MACHINE_ADDRESS. Null when the provider knows none.
        /// </summary>
        public string? PrivateAddress { get; } = privateAddress;

        /// <summary>blue or green: the color of the group it was launched for (its bluegreen:color tag); null when not known.</summary>
        public string? Color { get; } = color;

        /// <summary>The provider's state word: running, pending, Running, Error, ...</summary>
        public string State { get; } = state ?? string.Empty;

        public string? SshUser { get; } = sshUser;

        /// <summary>The id of the deployment that launched it (its bluegreen:deployment tag, set at launch); null when not known.</summary>
        public string? Deployment { get; } = deployment;

        public string? Release { get; } = release;

        public DateTimeOffset? LaunchedAt { get; } = launchedAt;

        /// <summary>
        /// The port its target is registered with (and deregistered with); null registers it on the target group's
        /// port. Set for Local machines, whose gunicorn listens on 127.0.0.1:&lt;Port&gt;.
        /// </summary>
        public int? Port { get; } = port is int p && (p < 1 || p > 65535)
            ? throw new ArgumentOutOfRangeException(nameof(port), port, "A target port is 1-65535.")
            : port;

        public override string ToString() => InstanceId == null ? Name : $"{Name} ({InstanceId})";
    }
}
