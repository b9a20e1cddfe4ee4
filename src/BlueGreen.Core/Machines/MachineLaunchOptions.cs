using BlueGreen.Traffic;

namespace BlueGreen.Machines
{
    /// <summary>What New-BgMachine asked for: how many, named how, started how, registered where.</summary>
    public sealed class MachineLaunchOptions
    {
        public MachineLaunchOptions(string namePrefix, int count)
        {
            NamePrefix = MachineName.EnsureValidPrefix(namePrefix);
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Launch at least one machine.");
            }

            Count = count;
        }

        public string NamePrefix { get; }

        public int Count { get; }

        /// <summary>At most this many launches at once (Machines.MaxParallelLaunches).</summary>
        public int MaxParallel { get; set; } = BlueGreen.Configuration.MachineSettings.DefaultMaxParallelLaunches;

        /// <summary>Release label put on each machine (tag bluegreen:release); null for none.</summary>
        public string? Release { get; set; }

        /// <summary>The id of the deployment launching the machines (tag bluegreen:deployment, set at launch); null for none.</summary>
        public string? Deployment { get; set; }

        /// <summary>Whether to run 'docker compose up --build -d' on each machine after it launched.</summary>
        public bool StartApplication { get; set; } = true;

        /// <summary>The target group to register the machines in; null registers them nowhere.</summary>
        public ProjectTargetGroup? TargetGroup { get; set; }

        public LaunchFailurePolicy OnFailure { get; set; } = LaunchFailurePolicy.Keep;

        /// <summary>
        /// The names to launch under, chosen (and recorded) by the caller before the launch; null makes
        /// <see cref="Count"/> unique names with <see cref="NamePrefix"/>.
        /// </summary>
        public IReadOnlyList<string>? Names { get; set; }

        /// <summary>The progress activity the batch reports under (a deployment's phase), or -1.</summary>
        public int ParentActivityId { get; set; } = -1;
    }
}
