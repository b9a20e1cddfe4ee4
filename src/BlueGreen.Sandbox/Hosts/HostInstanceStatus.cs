namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>What a host instance is doing, for tests and measurements (<see cref="AwsSandbox.GetHostInstances"/>).</summary>
    public sealed class HostInstanceStatus
    {
        public string InstanceId { get; internal set; } = string.Empty;

        /// <summary>Its 127.0.1.x address: sshd listens on port 22 of it.</summary>
        public string Address { get; internal set; } = string.Empty;

        /// <summary>Docker, NoDocker, DockerNeverStarts or ImpostorHostKey (see <see cref="HostImages"/>).</summary>
        public string Image { get; internal set; } = string.Empty;

        /// <summary>Booting, SshUp (running, Docker not yet), DockerUp, Stopping, Stopped, or Failed (see <see cref="Problem"/>).</summary>
        public string Phase { get; internal set; } = string.Empty;

        /// <summary>What went wrong while booting, or null.</summary>
        public string? Problem { get; internal set; }

        public int? SshdProcessId { get; internal set; }

        public int? DockerdProcessId { get; internal set; }

        /// <summary>Every process of the instance now (sshd, its sessions, dockerd, containerd, shims, containers).</summary>
        public IReadOnlyList<int> ProcessIds { get; internal set; } = new List<int>();

        /// <summary>Their resident memory together, in bytes.</summary>
        public long MemoryBytes { get; internal set; }

        /// <summary>What DOCKER_HOST is in its ssh sessions (<c>unix://.../docker.sock</c>), or null for an image without Docker.</summary>
        public string? DockerHost { get; internal set; }

        public string RunFolder { get; internal set; } = string.Empty;

        public string DataFolder { get; internal set; } = string.Empty;

        /// <summary>From RunInstances to sshd accepting connections (includes the configured boot time).</summary>
        public double? SshUpSeconds { get; internal set; }

        /// <summary>From RunInstances to the engine usable with its images loaded.</summary>
        public double? DockerUpSeconds { get; internal set; }

        /// <summary>How long loading the preloaded images took.</summary>
        public double? ImageLoadSeconds { get; internal set; }

        public override string ToString() => $"{InstanceId} {Address} {Phase}";
    }
}
