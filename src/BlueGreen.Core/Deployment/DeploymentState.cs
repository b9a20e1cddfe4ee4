using BlueGreen.Aws.ParameterStore;
using BlueGreen.Configuration;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A project's deployment state in Parameter Store, shared by every operator and job: the lock
    /// (<see cref="Locks"/>), the history of deployments (<see cref="History"/>), and <see cref="StartAsync"/>, which
    /// the deployment cmdlets begin with.
    /// </summary>
    public sealed class DeploymentState
    {
        private readonly Func<DateTime> _clock;

        public DeploymentState(IParameterStore store, DeploymentStateLocation location, int historyLimit, IOperationReporter? reporter = null, Func<DateTime>? clock = null, string? operatorName = null)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            if (historyLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(historyLimit), "The history keeps at least one deployment.");
            }

            Location = location ?? throw new ArgumentNullException(nameof(location));
            HistoryLimit = historyLimit;
            Reporter = reporter ?? NullOperationReporter.Instance;
            Func<DateTime> source = clock ?? (() => DateTime.UtcNow);
            // Whole milliseconds, UTC: what the JSON keeps.
            _clock = () =>
            {
                DateTime now = source().ToUniversalTime();
                return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
            };
            Operator = operatorName ?? DeploymentTextLimits.CurrentOperator();
            var access = new DeploymentStateAccess(store, location, Reporter, _clock);
            Locks = new DeploymentLockStore(access);
            History = new DeploymentHistory(access);
        }

        /// <summary>The state of the project <paramref name="config"/> describes, under its State.Prefix.</summary>
        public static DeploymentState ForProject(IParameterStore store, ProjectConfiguration config, IOperationReporter? reporter = null) =>
            new DeploymentState(store, DeploymentStateLocation.For(config.Project, config.State.Prefix), config.State.HistoryLimit, reporter);

        public DeploymentStateLocation Location { get; }

        public int HistoryLimit { get; }

        /// <summary>user@host written as holder and StartedBy.</summary>
        public string Operator { get; }

        public IOperationReporter Reporter { get; }

        public DeploymentLockStore Locks { get; }

        public DeploymentHistory History { get; }

        /// <summary>
        /// Goes on with recorded deployment <paramref name="id"/> (Resume-, Undo-, Complete-BgDeployment): takes the lock
        /// for it, or adopts the lock it still holds, then opens its journal and marks it InProgress again.
        /// A deployment recorded InProgress may still be running somewhere, so adopting its lock needs
        /// <paramref name="force"/> (its process died: kill -9, a lost machine). Refused with DeploymentLocked when
        /// someone else holds the lock.
        /// </summary>
        public async Task<DeploymentRun> ContinueAsync(string id, string operation, bool force, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await History.GetAsync(DeploymentIdentifier.Require(id), cancellationToken).ConfigureAwait(false)
                ?? throw new BlueGreenException("DeploymentNotFound", FailureCategory.ObjectNotFound,
                    $"Project '{Location.Project}' has no deployment {id}. Get-BgDeployment lists the recorded ones.", id);
            DeploymentLock? current = await Locks.GetAsync(cancellationToken).ConfigureAwait(false);
            DeploymentLock held;
            if (current != null && current.DeploymentId == record.Id)
            {
                if (record.Status == DeploymentStatus.InProgress && !force)
                {
                    throw new BlueGreenException("DeploymentStillRunning", FailureCategory.ResourceBusy,
                        $"Deployment {record.Id} is recorded InProgress under lock {current.LockId} ({current.Describe()}): it may still be running. " +
                        $"If its process is gone (killed, machine lost), pass -Force to take it over; Get-BgDeployment -Id {record.Id} shows its last step.",
                        current);
                }

                Reporter.Verbose($"Taking over lock {current.LockId} held for deployment {record.Id} ({record.Status}).");
                held = current;
            }
            else if (current != null)
            {
                throw Locks.Locked(current);
            }
            else
            {
                held = await Locks.AcquireAsync(operation, Operator, record.Release, null, record.Id, cancellationToken).ConfigureAwait(false);
            }

            DeploymentJournal journal = await History.OpenAsync(record.Id, cancellationToken).ConfigureAwait(false);
            // Claim the journal first: its next step is created without overwrite, so of two operators who adopted
            // the same Ready or Failed deployment at once only one goes on (the other gets JournalConflict) before
            // either writes its header.
            DeploymentStep claim = await journal.BeginStepAsync(operation, "by " + Operator, cancellationToken).ConfigureAwait(false);
            await journal.EndStepAsync(claim, StepOutcome.Succeeded, null, cancellationToken).ConfigureAwait(false);
            await journal.SetStatusAsync(DeploymentStatus.InProgress, cancellationToken).ConfigureAwait(false);
            return new DeploymentRun(Locks, held, journal);
        }

        /// <summary>Takes the lock for a manual hold (Lock-BgDeployment): no deployment runs under it.</summary>
        public Task<DeploymentLock> HoldAsync(string? message, CancellationToken cancellationToken) =>
            Locks.AcquireAsync("Lock-BgDeployment", Operator, null, DeploymentTextLimits.Required(message, DeploymentTextLimits.Message, "lock message"), null, cancellationToken);

        /// <summary>
        /// Starts a deployment: takes the lock (refused with DeploymentLocked when held), then writes the journal's
        /// header (InProgress), then trims the history to <see cref="HistoryLimit"/> while <paramref name="firstWrite"/>
        /// (what the deployment records before it does anything, e.g. its facts) is written at the same time. If the
        /// header or the first write cannot be written nothing has happened yet, so the lock is given back and the
        /// failure (JournalWriteFailed) thrown.
        /// </summary>
        public async Task<DeploymentRun> StartAsync(DeploymentStart start, CancellationToken cancellationToken, Func<DeploymentJournal, Task>? firstWrite = null)
        {
            if (start == null)
            {
                throw new ArgumentNullException(nameof(start));
            }

            string release = DeploymentTextLimits.Required(start.Release, DeploymentTextLimits.Release, "release");
            string id = DeploymentIdentifier.New(_clock());
            DeploymentLock held = await Locks.AcquireAsync(start.Operation, Operator, release, start.Message, id, cancellationToken).ConfigureAwait(false);
            DeploymentJournal journal;
            try
            {
                journal = await History.CreateAsync(id, release, start.FromColor, start.ToColor, start.Operation, Operator, held.LockId, start.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BlueGreenException)
            {
                await GiveBackAsync(id, held).ConfigureAwait(false);
                throw;
            }

            Reporter.Verbose($"Deployment {id} of release {release} started under lock {held.LockId}.");
            Task prune = PruneAsync(cancellationToken);
            try
            {
                if (firstWrite != null)
                {
                    await firstWrite(journal).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                await prune.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                await GiveBackAsync(id, held).ConfigureAwait(false);
                throw;
            }

            await prune.ConfigureAwait(false);
            return new DeploymentRun(Locks, held, journal);
        }

        /// <summary>Trims the history; housekeeping, so a failure is a warning (the next deployment tries again).</summary>
        private async Task PruneAsync(CancellationToken cancellationToken)
        {
            try
            {
                await History.PruneAsync(HistoryLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (BlueGreenException ex)
            {
                Reporter.Warning($"Old deployments could not be trimmed from the history: {ex.Message}");
            }
        }

        /// <summary>Gives the lock of a deployment that could not start back (nothing was done under it).</summary>
        private async Task GiveBackAsync(string id, DeploymentLock held)
        {
            try
            {
                await Locks.ReleaseAsync(held, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BlueGreenException release)
            {
                Reporter.Warning($"Deployment {id} could not start and its lock {held.LockId} could not be given back ({release.Message}); break it with Unlock-BgDeployment -LockId {held.LockId}.");
            }
        }
    }
}
