using BlueGreen.Aws.CloudWatch;
using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.Processes;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What the release's steps act on and the few actions several of them share: the machines and load balancer,
    /// the deployment state, maintenance (turned off with retries, never cancelled), the traffic shifts (verified by
    /// the switcher), manage.py on a machine, progress, and the clock and delay the tests replace.
    /// </summary>
    internal sealed class ReleaseServices
    {
        /// <summary>Cleanup on the way out (maintenance off, traffic back) gets this long even after Ctrl+C.</summary>
        internal static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(5);

        private readonly Lazy<ICloudWatch>? _cloudWatch;

        internal ReleaseServices(MachineServices machines, DeploymentState state, IMaintenanceMode maintenance, IOperationReporter reporter,
            Func<TimeSpan, CancellationToken, Task> delay, Func<DateTime> clock, Func<ICloudWatch>? cloudWatch = null)
        {
            _cloudWatch = cloudWatch == null ? null : new Lazy<ICloudWatch>(cloudWatch, LazyThreadSafetyMode.ExecutionAndPublication);
            Machines = machines;
            State = state;
            Maintenance = maintenance;
            Reporter = reporter;
            Delay = delay;
            Clock = clock;
            Manage = new DjangoManageClient(machines.Runner, reporter);
        }

        public MachineServices Machines { get; }

        public DeploymentState State { get; }

        public IMaintenanceMode Maintenance { get; }

        public IOperationReporter Reporter { get; }

        public Func<TimeSpan, CancellationToken, Task> Delay { get; }

        public Func<DateTime> Clock { get; }

        public DjangoManageClient Manage { get; }

        /// <summary>CloudWatch for the metric checks (made on first use); null when the engine was given none.</summary>
        public ICloudWatch? CloudWatch => _cloudWatch?.Value;

        public ProjectConfiguration Config => Machines.Configuration;

        public void Progress(ReleaseContext c, string phase, int percent) =>
            Reporter.Progress(new ProgressUpdate(ReleaseEngine.ProgressActivityId, $"Deploying {c.Options.Release} ({Config.Project})", phase, percent));

        /// <summary>manage.py on <paramref name="machine"/>, announced to the session pool: a maintenance window opens a session for it first.</summary>
        public async Task<ManageCommand> ManageOnAsync(Machine machine, CancellationToken cancellationToken)
        {
            ManageCommand command = await Machines.Application.ManageCommandAsync(machine.Instance, Machines.Manage.DefaultMode, cancellationToken).ConfigureAwait(false);
            Machines.Sessions.Expect(command);
            return command;
        }

        /// <summary>Moves <paramref name="percent"/> of every route to the new group (verified by the switcher).</summary>
        /// <param name="state">The load balancer as just read by the caller (nothing changed since); null: read here.</param>
        public async Task SwitchToNewAsync(ReleaseContext c, int percent, CancellationToken cancellationToken, TrafficState? state = null)
        {
            state ??= await Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            if (!state.IsSplit && state.Live.Arn == c.ToArn)
            {
                Reporter.Verbose($"{state.Live.Name} is live already.");
                return;
            }

            if (state.Idle.Arn != c.ToArn)
            {
                throw TrafficMoved(c, state);
            }

            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, percent);
            await new TargetGroupSwitcher(Machines.ElasticLoadBalancing, Reporter)
                .ExecuteAsync(plan, ApproveAll.Instance, false, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every route back to the old group; false when it was there already.</summary>
        public async Task<bool> SwitchToOldAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            TrafficState state = await Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            if (!state.IsSplit && state.Live.Arn == c.FromArn)
            {
                return false;
            }

            // Split (towards the new group: back to 0) or switched (the old group is idle: all to it).
            TargetGroupSwitchPlan plan = state.IsSplit && state.Idle.Arn == c.ToArn ? TargetGroupSwitchPlanner.Plan(state, 0) : TargetGroupSwitchPlanner.Plan(state, 100);
            if (plan.Changes.Count > 0 && (state.IsSplit ? state.Live : state.Idle).Arn != c.FromArn)
            {
                throw TrafficMoved(c, state);
            }

            await new TargetGroupSwitcher(Machines.ElasticLoadBalancing, Reporter)
                .ExecuteAsync(plan, ApproveAll.Instance, false, cancellationToken).ConfigureAwait(false);
            return true;
        }

        public static BlueGreenException TrafficMoved(ReleaseContext c, TrafficState state) =>
            new BlueGreenException("TrafficMoved", FailureCategory.InvalidOperation,
                $"The load balancer no longer looks as deployment {c.Id} left it (live: {state.Live.Name}, idle: {state.Idle.Name}): someone switched traffic meanwhile. Inspect it with Get-BgTargetGroup.",
                state.Live);

        /// <summary>Maintenance off, not cancellable and tried three times (it must not stay on); the window journaled closed.</summary>
        public async Task DisableMaintenanceAsync(ReleaseContext c)
        {
            Exception? last = null;
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(CleanupTimeout);
                    MaintenanceReport report = await Maintenance.DisableAsync(timeout.Token).ConfigureAwait(false);
                    Reporter.Verbose($"Maintenance off: {string.Join("; ", report.Changes)}.");
                    c.MaintenanceOn = false;
                    try
                    {
                        await c.Journal.EndMaintenanceAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (JournalWriteFailedException)
                    {
                        // Maintenance is off; only its record is missing, and the caller's next write reports the journal.
                    }

                    return;
                }
                catch (Exception ex) when (attempt < 3)
                {
                    last = ex;
                    Reporter.Warning($"Turning maintenance off failed (attempt {attempt} of 3): {FirstLine(ex.Message)} Trying again.");
                    await Delay(TimeSpan.FromSeconds(2 * attempt), CancellationToken.None).ConfigureAwait(false);
                }
            }

            throw last ?? new InvalidOperationException("unreachable");
        }

        /// <summary>Where traffic goes now, in one sentence for an error message (never throws).</summary>
        public async Task<string> DescribeTrafficAsync(ReleaseContext c)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                TrafficState state = await Machines.ReadTrafficAsync(timeout.Token).ConfigureAwait(false);
                ProjectTargetGroup live = state.Live;
                return state.IsSplit
                    ? $"Traffic is split: {state.Live.Name} {state.Live.Weight}%, {state.Idle.Name} {state.Idle.Weight}%."
                    : $"The site is served by {live.Name} ({(live.Arn == c.FromArn ? "the old release" : "the new release")}, {live.HealthyCount} of {live.TargetCount} healthy).";
            }
            catch (Exception ex)
            {
                return $"Where traffic goes could not be read ({FirstLine(ex.Message)}); check with Get-BgTargetGroup.";
            }
        }

        public static CancellationToken CleanupToken() => new CancellationTokenSource(CleanupTimeout).Token;

        public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        public static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        public static string FirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }
    }
}
