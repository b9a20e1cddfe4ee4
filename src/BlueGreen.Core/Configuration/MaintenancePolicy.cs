namespace BlueGreen.Configuration
{
    /// <summary>When a deployment puts the site into maintenance (Start-BgDeployment -Maintenance; Deployment.Maintenance in bluegreen.psd1).</summary>
    public enum MaintenancePolicy
    {
        /// <summary>
        /// Only when the new release has migrations to apply: from before they run until the first traffic shift
        /// (the whole switch, or a canary's first share: during the canary the old release serves the rest on the new schema).
        /// </summary>
        Auto,

        /// <summary>Always, for the migrate-and-switch step, even with no migration pending.</summary>
        Always,

        /// <summary>Never: migrations run while the old release serves (only for migrations both releases work with).</summary>
        Never,
    }
}
