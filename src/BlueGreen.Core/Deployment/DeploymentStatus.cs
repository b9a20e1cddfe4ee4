namespace BlueGreen.Deployment
{
    /// <summary>Where a deployment stands, as its journal says.</summary>
    public enum DeploymentStatus
    {
        /// <summary>Running, or stopped without saying how (a crash): its steps tell what may have been done.</summary>
        InProgress,

        /// <summary>The new color is live and the old machines are kept for a quick undo.</summary>
        Ready,

        /// <summary>Done; nothing is kept for an undo.</summary>
        Succeeded,

        /// <summary>Stopped by a failure; the lock is kept until someone resumes, undoes or breaks it.</summary>
        Failed,

        /// <summary>Undone: traffic and migrations are back where they were.</summary>
        RolledBack,

        /// <summary>A Ready deployment whose old machines were removed.</summary>
        Completed,
    }
}
