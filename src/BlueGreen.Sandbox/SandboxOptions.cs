using System;

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

            return this;
        }
    }
}
