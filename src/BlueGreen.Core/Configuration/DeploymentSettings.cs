namespace BlueGreen.Configuration
{
    /// <summary>
    /// How Start-BgDeployment releases (the Deployment section of bluegreen.psd1): when maintenance comes on, the
    /// canary, the bake after the switch and what a failed bake rolls back. Every value is also a parameter of
    /// Start-BgDeployment, which overrides it.
    /// </summary>
    public sealed class DeploymentSettings
    {
        /// <summary>When maintenance comes on (Auto: only when a pending migration is not compatible with the running release; docs/migrations.md).</summary>
        public MaintenancePolicy Maintenance { get; set; } = MaintenancePolicy.Auto;

        /// <summary>Percent of the traffic the new release gets first (1-99); 0 switches all at once.</summary>
        public int CanaryWeight { get; set; }

        /// <summary>A multi-step canary's weights (e.g. 10, 50), each watched for <see cref="CanaryDuration"/>; empty: one step at <see cref="CanaryWeight"/>.</summary>
        public IReadOnlyList<int> CanarySteps { get; set; } = Array.Empty<int>();

        /// <summary>Target-group stickiness while the canary splits traffic (restored after); zero: left as it is.</summary>
        public TimeSpan CanaryStickiness { get; set; }

        /// <summary>How long the canary share is watched before the rest follows.</summary>
        public TimeSpan CanaryDuration { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How long the new live group is watched after the switch (0: no bake). Complete-BgDeployment waits for it.</summary>
        public TimeSpan BakeTime { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How often the canary and the bake look at target health and run the -AfterSwitch checks.</summary>
        public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// When a bake or canary fails and traffic goes back to the old release: also revert the migrations the new
        /// release applied (the project opts in: it knows its migrations' reverse is safe). False: the deployment
        /// ends RolledBack with the migrations still applied, and Undo-BgDeployment reverts them.
        /// </summary>
        public bool RevertMigrationsOnRollback { get; set; }

        /// <summary>How long a deregistered machine may take to drain when a deployment removes it.</summary>
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);
    }
}
