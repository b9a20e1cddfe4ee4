namespace BlueGreen.Deployment
{
    /// <summary>Where a deployment stands, as its journal says.</summary>
    public enum DeploymentStatus
    {
        /// <summary>Running, or stopped without saying how (a crash): its steps tell what may have been done.</summary>
        InProgress,

        /// <summary>
        /// Paused before the switch (Start-BgDeployment -StopBeforeSwitch): the new machines serve the preview, the
        /// lock is held, and Resume-BgDeployment goes on with it (or Undo-BgDeployment drops it).
        /// </summary>
        Ready,

        /// <summary>
        /// The new release is live and baked; the old machines are kept for Undo-BgDeployment until
        /// Complete-BgDeployment removes them.
        /// </summary>
        Succeeded,

        /// <summary>Stopped by a failure; the lock is kept until someone resumes, undoes or breaks it.</summary>
        Failed,

        /// <summary>
        /// Undone: traffic is back on the old release (by Undo-BgDeployment, or automatically after a failed bake or
        /// canary). Facts["migrationsReverted"] says whether the new release's migrations were reverted too.
        /// </summary>
        RolledBack,

        /// <summary>A Succeeded deployment whose old machines were removed (Complete-BgDeployment): it can no longer be undone.</summary>
        Completed,
    }
}
