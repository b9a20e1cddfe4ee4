using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The project's deployment lock, one Parameter Store value at <see cref="DeploymentStateLocation.LockName"/>.
    /// Taking it is create-if-absent (PutParameter without Overwrite), so of any number of operators and jobs trying at
    /// once exactly one wins; the others are refused with DeploymentLocked, naming the holder. Releasing takes the
    /// holder's lock id and changes nothing when the lock has another one. There is deliberately no Dispose or
    /// "release in finally": a deployment that fails keeps the lock, and only the success paths a caller chooses
    /// release it (see <see cref="DeploymentRun"/>).
    /// </summary>
    public sealed class DeploymentLockStore
    {
        private readonly DeploymentStateAccess _state;

        internal DeploymentLockStore(DeploymentStateAccess state)
        {
            _state = state;
        }

        /// <summary>
        /// Takes the lock for <paramref name="operation"/> (e.g. Start-BgDeployment) as <paramref name="holder"/>.
        /// Throws DeploymentLocked (ResourceBusy, the current lock as target) when someone holds it.
        /// </summary>
        public async Task<DeploymentLock> AcquireAsync(string operation, string holder, string? release, string? message, string? deploymentId, CancellationToken cancellationToken)
        {
            var document = new DeploymentStateCodec.LockDocument
            {
                LockId = LockIdentifier.New(),
                Holder = DeploymentTextLimits.Required(holder, DeploymentTextLimits.Holder, "lock holder"),
                Operation = DeploymentTextLimits.OperationName(operation),
                Release = DeploymentTextLimits.Optional(release, DeploymentTextLimits.Release, "release"),
                AcquiredAt = _state.Clock(),
                Message = DeploymentTextLimits.Optional(message, DeploymentTextLimits.Message, "lock message"),
                DeploymentId = deploymentId == null ? null : DeploymentIdentifier.Require(deploymentId),
            };
            string value = DeploymentStateCodec.Write(document, "deployment lock");

            // A lock released between our refused create and our read is tried again, a few times.
            for (int attempt = 1; ; attempt++)
            {
                _state.Reporter.Verbose($"Taking the deployment lock {_state.Location.LockName} (PutParameter without Overwrite).");
                long? version = await _state.Store.TryCreateAsync(_state.Location.LockName, value, cancellationToken).ConfigureAwait(false);
                if (version.HasValue)
                {
                    _state.Reporter.Verbose($"Deployment lock taken: lock id {document.LockId}.");
                    return ToLock(document, version.Value);
                }

                DeploymentLock? current = await GetAsync(cancellationToken).ConfigureAwait(false);
                if (current != null)
                {
                    throw Locked(current);
                }

                if (attempt == 3)
                {
                    throw new BlueGreenException("DeploymentLockContended", FailureCategory.ResourceBusy,
                        $"The deployment lock of project '{_state.Location.Project}' was taken and released again while BlueGreen tried to take it. Someone else is deploying; try again in a moment.",
                        _state.Location.LockName);
                }
            }
        }

        /// <summary>The current lock, or null when nobody holds it.</summary>
        public async Task<DeploymentLock?> GetAsync(CancellationToken cancellationToken)
        {
            StoredParameter? parameter = await _state.Store.GetAsync(_state.Location.LockName, cancellationToken).ConfigureAwait(false);
            if (parameter == null)
            {
                return null;
            }

            var document = DeploymentStateCodec.Read<DeploymentStateCodec.LockDocument>(parameter);
            return ToLock(document, parameter.Version);
        }

        /// <summary>
        /// Releases the lock held under <paramref name="lockId"/>. Read, compare, delete: when the lock has another id
        /// (or none) this fails and changes nothing. Just before deleting, the lock is read again and its version
        /// compared, which narrows (but cannot close: SSM has no conditional delete) the window in which a lock broken
        /// and retaken by someone else could be deleted by mistake.
        /// </summary>
        public Task<DeploymentLock> ReleaseAsync(string lockId, CancellationToken cancellationToken) =>
            RemoveAsync(lockId, breaking: false, cancellationToken);

        /// <summary>
        /// Releases <paramref name="held"/>, the lock this process took or adopted: read once, and deleted only when it
        /// is still that lock, same id and same version as when it was taken (nothing rewrites a held lock), which
        /// checks what the second read of <see cref="ReleaseAsync(string, CancellationToken)"/> checks, one round trip sooner.
        /// </summary>
        public async Task<DeploymentLock> ReleaseAsync(DeploymentLock held, CancellationToken cancellationToken)
        {
            if (held == null)
            {
                throw new ArgumentNullException(nameof(held));
            }

            DeploymentLock current = await RequireMatchingAsync(held.LockId, cancellationToken).ConfigureAwait(false);
            if (current.Version != held.Version)
            {
                throw new BlueGreenException("DeploymentLockChanged", FailureCategory.ResourceBusy,
                    $"The deployment lock of project '{_state.Location.Project}' changed since it was taken (version {held.Version}, now {current.Version}); nothing was deleted. See it with Get-BgDeploymentLock.",
                    current);
            }

            _state.Reporter.Verbose($"Deleting the deployment lock {_state.Location.LockName} (lock id {held.LockId}).");
            await _state.Store.DeleteAsync(_state.Location.LockName, cancellationToken).ConfigureAwait(false);
            return current;
        }

        /// <summary>
        /// Breaks a stale or crashed lock (Unlock-BgDeployment): the same checks as <see cref="ReleaseAsync"/>, reported
        /// as a warning naming the holder.
        /// </summary>
        public Task<DeploymentLock> BreakAsync(string lockId, CancellationToken cancellationToken) =>
            RemoveAsync(lockId, breaking: true, cancellationToken);

        /// <summary>The DeploymentLocked refusal for <paramref name="current"/>.</summary>
        public BlueGreenException Locked(DeploymentLock current) =>
            new BlueGreenException("DeploymentLocked", FailureCategory.ResourceBusy,
                $"Project '{_state.Location.Project}' is locked for deployment by {current.Describe()}. Wait for it to finish; " +
                "if it crashed or was left behind, see it with Get-BgDeploymentLock and break it with Unlock-BgDeployment -LockId " + current.LockId + ".",
                current);

        private async Task<DeploymentLock> RemoveAsync(string lockId, bool breaking, CancellationToken cancellationToken)
        {
            LockIdentifier.Require(lockId);
            DeploymentLock current = await RequireMatchingAsync(lockId, cancellationToken).ConfigureAwait(false);
            DeploymentLock again = await RequireMatchingAsync(lockId, cancellationToken).ConfigureAwait(false);
            if (again.Version != current.Version)
            {
                throw new BlueGreenException("DeploymentLockChanged", FailureCategory.ResourceBusy,
                    $"The deployment lock of project '{_state.Location.Project}' changed while it was being released; nothing was deleted. See it with Get-BgDeploymentLock.",
                    again);
            }

            if (breaking)
            {
                _state.Reporter.Warning($"Breaking the deployment lock of project '{_state.Location.Project}' held by {current.Describe()}.");
            }

            _state.Reporter.Verbose($"Deleting the deployment lock {_state.Location.LockName} (lock id {lockId}).");
            await _state.Store.DeleteAsync(_state.Location.LockName, cancellationToken).ConfigureAwait(false);
            return current;
        }

        private async Task<DeploymentLock> RequireMatchingAsync(string lockId, CancellationToken cancellationToken)
        {
            DeploymentLock? current = await GetAsync(cancellationToken).ConfigureAwait(false);
            if (current == null)
            {
                throw new BlueGreenException("DeploymentLockNotFound", FailureCategory.ObjectNotFound,
                    $"Project '{_state.Location.Project}' holds no deployment lock, so lock {lockId} cannot be released: it was released or broken already.",
                    lockId);
            }

            if (!string.Equals(current.LockId, lockId, StringComparison.Ordinal))
            {
                throw new BlueGreenException("DeploymentLockIdMismatch", FailureCategory.InvalidOperation,
                    $"Lock id {lockId} is not the current deployment lock of project '{_state.Location.Project}'; nothing was changed. The lock is held by {current.Describe()}.",
                    current);
            }

            return current;
        }

        private DeploymentLock ToLock(DeploymentStateCodec.LockDocument document, long version) =>
            new DeploymentLock(_state.Location.Project, document.LockId, document.Holder, document.Operation, document.Release, document.AcquiredAt, document.Message, document.DeploymentId, version);
    }
}
