namespace BlueGreen.Deployment
{
    /// <summary>
    /// A deployment under way: the lock it holds and its journal. The lock is released only by
    /// <see cref="SucceedAsync"/>, on the success paths the caller chooses. A failure (<see cref="FailAsync"/>), an
    /// exception, a crash or a journal that cannot be written all keep it, so nobody deploys over a half-done
    /// deployment until someone resumes, undoes or deliberately breaks it (Unlock-BgDeployment).
    /// </summary>
    public sealed class DeploymentRun
    {
        private readonly DeploymentLockStore _locks;

        internal DeploymentRun(DeploymentLockStore locks, DeploymentLock heldLock, DeploymentJournal journal)
        {
            _locks = locks;
            Lock = heldLock;
            Journal = journal;
        }

        public DeploymentLock Lock { get; }

        public DeploymentJournal Journal { get; }

        public string Id => Journal.Id;

        /// <summary>
        /// Records <paramref name="status"/> (Succeeded, RolledBack, Completed) and then releases the lock.
        /// The status is written first: a lock is never released for a deployment whose end is not recorded.
        /// </summary>
        public async Task<DeploymentRecord> SucceedAsync(DeploymentStatus status, CancellationToken cancellationToken)
        {
            if (status == DeploymentStatus.InProgress || status == DeploymentStatus.Failed || status == DeploymentStatus.Ready)
            {
                throw new System.ArgumentOutOfRangeException(nameof(status), "A deployment ends as Succeeded, RolledBack or Completed (Ready pauses it: PauseAsync).");
            }

            await Journal.SetStatusAsync(status, cancellationToken).ConfigureAwait(false);
            // Once the end is recorded the lock goes, Ctrl+C or not: a recorded end under a held lock would block everyone.
            await _locks.ReleaseAsync(Lock, CancellationToken.None).ConfigureAwait(false);
            return Journal.Record;
        }

        /// <summary>Records the deployment as Ready (paused before the switch) and keeps the lock for Resume-BgDeployment.</summary>
        public async Task<DeploymentRecord> PauseAsync(CancellationToken cancellationToken)
        {
            await Journal.SetStatusAsync(DeploymentStatus.Ready, cancellationToken).ConfigureAwait(false);
            return Journal.Record;
        }

        /// <summary>Records the deployment as Failed and keeps the lock.</summary>
        public async Task<DeploymentRecord> FailAsync(CancellationToken cancellationToken)
        {
            await Journal.SetStatusAsync(DeploymentStatus.Failed, cancellationToken).ConfigureAwait(false);
            return Journal.Record;
        }
    }
}
