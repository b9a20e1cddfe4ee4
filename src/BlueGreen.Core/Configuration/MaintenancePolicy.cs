namespace BlueGreen.Configuration
{
    /// <summary>When a deployment puts the site into maintenance (Start-BgDeployment -Maintenance; Deployment.Maintenance in bluegreen.psd1).</summary>
    public enum MaintenancePolicy
    {
        /// <summary>
        /// Only when the new release would apply a migration the running release may not survive (incompatible, or
        /// unknown: RunPython/RunSQL without a bluegreen_compatible declaration; see docs/migrations.md): from before
        /// they run until the first traffic shift (the whole switch, or a canary's first share). When every pending
        /// migration is compatible, none: they run while the old release serves, then traffic switches.
        /// </summary>
        Auto,

        /// <summary>Always, for the migrate-and-switch step, even with no migration pending.</summary>
        Always,

        /// <summary>
        /// Never: migrations run while the old release serves; a deployment whose pending migrations are not all
        /// compatible with the running release is refused before its migrations run (IncompatiblePendingMigration).
        /// </summary>
        Never,
    }
}
