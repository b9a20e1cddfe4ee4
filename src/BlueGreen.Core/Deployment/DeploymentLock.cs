namespace BlueGreen.Deployment
{
    /// <summary>
    /// The project's deployment lock: who holds it, for what, since when and why. Only its holder knows
    /// <see cref="LockId"/> by right; releasing or breaking the lock takes it.
    /// </summary>
    public sealed class DeploymentLock
    {
        internal DeploymentLock(string project, string lockId, string holder, string operation, string? release, DateTime acquiredAt, string? message, string? deploymentId, long version)
        {
            Project = project;
            LockId = lockId;
            Holder = holder;
            Operation = operation;
            Release = release;
            AcquiredAt = acquiredAt;
            Message = message;
            DeploymentId = deploymentId;
            Version = version;
        }

        public string Project { get; }

        public string LockId { get; }

        /// <summary>user@host of the holder.</summary>
        public string Holder { get; }

        /// <summary>What took it, e.g. Start-BgDeployment or Lock-BgDeployment.</summary>
        public string Operation { get; }

        public string? Release { get; }

        /// <summary>UTC.</summary>
        public DateTime AcquiredAt { get; }

        public string? Message { get; }

        /// <summary>The deployment that runs (or ran and failed) under this lock, if any.</summary>
        public string? DeploymentId { get; }

        /// <summary>The parameter version read (1 unless something overwrote the lock).</summary>
        public long Version { get; }

        /// <summary>One line naming the holder, the time, the operation and the message.</summary>
        public string Describe()
        {
            string text = $"{Holder} since {AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC ({Operation}";
            if (Release != null)
            {
                text += ", release " + Release;
            }

            if (DeploymentId != null)
            {
                text += ", deployment " + DeploymentId;
            }

            text += ")";
            if (Message != null)
            {
                text += ": \"" + Message + "\"";
            }

            return text + $" [lock id {LockId}]";
        }

        public override string ToString() => Describe();
    }
}
