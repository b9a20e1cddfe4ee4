using System.IO;

namespace BlueGreen.Sandbox
{
    /// <summary>How a sandbox is started: where it listens, what world it holds and how fast time moves in it.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>The port on 127.0.0.1; 0 (the default) picks a free one.</summary>
        public int Port { get; set; }

        public string Region { get; set; } = "us-east-1";

        /// <summary>The 12-digit account id in ARNs and owner ids.</summary>
        public string AccountId { get; set; } = "123456789012";

        public SandboxScenario Scenario { get; set; } = SandboxScenario.Empty;

        /// <summary>How long a newly registered target stays <c>initial</c> before it is <c>healthy</c>.</summary>
        public TimeSpan TargetRegistrationTime { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a deregistered target is <c>draining</c> before it is gone (AWS's default is 300 s).</summary>
        public TimeSpan DeregistrationDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a launched instance is <c>pending</c> before it is <c>running</c>.</summary>
        public TimeSpan InstanceBootTime { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long after reaching <c>running</c> its status checks are <c>initializing</c> before <c>ok</c>.</summary>
        public TimeSpan InstanceStatusCheckTime { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a terminated instance is <c>shutting-down</c> before it is <c>terminated</c>.</summary>
        public TimeSpan InstanceShutdownTime { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Whether listeners answer real HTTP(S) requests on local ports (the data plane, a separate process that needs
        /// the ASP.NET Core runtime 10). Default true; false keeps the sandbox a control plane only.
        /// </summary>
        public bool DataPlane { get; set; } = true;

        /// <summary>
        /// Multiplies the health check interval and timeout of targets on this machine (e.g. 0.1: a 5 s interval checks
        /// every 0.5 s); the timeout is scaled too, but not below 1 s. The API still validates AWS's limits (interval 5-300 s). Default 1.
        /// </summary>
        public double HealthCheckTimeScale { get; set; } = 1.0;

        /// <summary>
        /// What RunInstances makes: <see cref="InstanceRuntime.Simulated"/> records (the default) or
        /// <see cref="InstanceRuntime.Host"/>: real hosts on this machine with their own address, sshd and Docker engine.
        /// </summary>
        public InstanceRuntime InstanceRuntime { get; set; } = InstanceRuntime.Simulated;

        /// <summary>
        /// Host runtime: <c>docker save</c> archives every host instance's Docker engine loads while it boots (the images
        /// of a baked AMI, e.g. the example's base image), before the engine is published. The sandbox builds nothing.
        /// </summary>
        public IList<string> HostImageArchives { get; set; } = new List<string>();

        /// <summary>Host runtime: where instances keep configs, keys, pid files, sockets and logs (<c>ROOT/sandbox-PORT/i-.../</c>).</summary>
        public string HostRunRoot { get; set; } = "/run/bluegreen";

        /// <summary>Host runtime: where each instance's Docker engine keeps its data-root (<c>ROOT/sandbox-PORT/i-.../</c>).</summary>
        public string HostDataRoot { get; set; } = "/var/lib/bluegreen";

        /// <summary>
        /// Host runtime: instances get PREFIX.1 to PREFIX.254, lowest free first. Null (the default): the lowest block
        /// 127.0.N that no other sandbox on this machine holds (127.0.1 for the first), so sandboxes can run side by side.
        /// </summary>
        public string? HostAddressPrefix { get; set; }

        /// <summary>Makes ids and ARNs reproducible from run to run; null (the default) makes them random.</summary>
        public int? RandomSeed { get; set; }

        /// <summary>The sandbox's clock; tests can move time forward without waiting.</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        internal SandboxOptions Validate()
        {
            if (Port < 0 || Port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (pick a free one) or 1-65535.");
            }

            if (string.IsNullOrWhiteSpace(Region))
            {
                throw new ArgumentException("Region must be a region name such as us-east-1.", nameof(Region));
            }

            if (AccountId == null || AccountId.Length != 12 || !ulong.TryParse(AccountId, out _))
            {
                throw new ArgumentException($"AccountId '{AccountId}' must be 12 digits.", nameof(AccountId));
            }

            foreach (TimeSpan time in new[] { TargetRegistrationTime, DeregistrationDelay, InstanceBootTime, InstanceStatusCheckTime, InstanceShutdownTime })
            {
                if (time < TimeSpan.Zero)
                {
                    throw new ArgumentOutOfRangeException(nameof(TargetRegistrationTime), time, "Sandbox timings cannot be negative.");
                }
            }

            if (double.IsNaN(HealthCheckTimeScale) || HealthCheckTimeScale <= 0 || HealthCheckTimeScale > 10)
            {
                throw new ArgumentOutOfRangeException(nameof(HealthCheckTimeScale), HealthCheckTimeScale, "HealthCheckTimeScale must be more than 0 and at most 10 (e.g. 0.1 makes a 5 s health check interval 0.5 s).");
            }

            if (InstanceRuntime == InstanceRuntime.Host)
            {
                ValidateHostRuntime();
            }

            return this;
        }

        private void ValidateHostRuntime()
        {
            string[] octets = (HostAddressPrefix ?? "127.0.1").Split('.');
            if (octets.Length != 3 || octets[0] != "127" || !octets.Skip(1).All(o => byte.TryParse(o, out _)) || HostAddressPrefix == "127.0.0")
            {
                throw new ArgumentException($"HostAddressPrefix '{HostAddressPrefix}' must be three octets in 127.0.0.0/8 other than 127.0.0 (e.g. 127.0.1).", nameof(HostAddressPrefix));
            }

            foreach (string archive in HostImageArchives ?? new List<string>())
            {
                if (!File.Exists(archive))
                {
                    throw new ArgumentException($"HostImageArchives: '{archive}' does not exist. Make it with 'docker save -o {archive} IMAGE...'.", nameof(HostImageArchives));
                }
            }

            foreach (string root in new[] { HostRunRoot, HostDataRoot })
            {
                if (string.IsNullOrWhiteSpace(root) || !Path.IsPathRooted(root))
                {
                    throw new ArgumentException($"HostRunRoot and HostDataRoot must be absolute paths (got '{root}').", nameof(HostRunRoot));
                }
            }
        }
    }
}
