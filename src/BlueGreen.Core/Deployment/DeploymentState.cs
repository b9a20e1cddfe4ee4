using System;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;

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
            Locks = new DeploymentLockStore(store, location, Reporter, _clock);
            History = new DeploymentHistory(store, location, Reporter, _clock);
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

        /// <summary>Takes the lock for a manual hold (Lock-BgDeployment): no deployment runs under it.</summary>
        public Task<DeploymentLock> HoldAsync(string? message, CancellationToken cancellationToken) =>
            Locks.AcquireAsync("Lock-BgDeployment", Operator, null, DeploymentTextLimits.Required(message, DeploymentTextLimits.Message, "lock message"), null, cancellationToken);

        /// <summary>
        /// Starts a deployment: takes the lock (refused with DeploymentLocked when held), then writes the journal's
        /// header (InProgress), then trims the history to <see cref="HistoryLimit"/>. If the header cannot be written
        /// nothing has happened yet, so the lock is given back and JournalWriteFailed thrown.
        /// </summary>
        public async Task<DeploymentRun> StartAsync(DeploymentStart start, CancellationToken cancellationToken)
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
                try
                {
                    await Locks.ReleaseAsync(held.LockId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (BlueGreenException release2)
                {
                    Reporter.Warning($"Deployment {id} could not start and its lock {held.LockId} could not be given back ({release2.Message}); break it with Unlock-BgDeployment -LockId {held.LockId}.");
                }

                throw;
            }

            Reporter.Verbose($"Deployment {id} of release {release} started under lock {held.LockId}.");
            try
            {
                await History.PruneAsync(HistoryLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (BlueGreenException ex)
            {
                // Housekeeping: the next deployment tries again.
                Reporter.Warning($"Old deployments could not be trimmed from the history: {ex.Message}");
            }

            return new DeploymentRun(Locks, held, journal);
        }
    }
}
