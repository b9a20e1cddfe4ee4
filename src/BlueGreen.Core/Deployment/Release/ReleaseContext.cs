using BlueGreen.Machines;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// One run of a flow over one deployment: its journal, options and typed facts, what it learnt so far (the new
    /// machines, whether it turned maintenance on), the checks and approval it was given, and the world it acts on
    /// (<see cref="Release"/>). The journal's step history answers "done?" for every step the same way.
    /// </summary>
    internal sealed class ReleaseContext
    {
        private readonly DeploymentRecord? _record;

        internal ReleaseContext(ReleaseServices release, DeploymentRun? run, ReleaseOptions options, DeploymentRecord? record = null)
        {
            Release = release;
            Run = run!;
            _record = record;
            Options = options;
            DeploymentFacts facts = Facts;
            if (facts.FromArn.Length == 0 || facts.ToArn.Length == 0)
            {
                string id = run?.Id ?? record?.Id ?? "?";
                throw new BlueGreenException("DeploymentNotResumable", FailureCategory.InvalidData,
                    $"Deployment {id} recorded no target groups (it was not started by Start-BgDeployment, or its journal is incomplete). Get-BgDeployment -Id {id} shows what it recorded.", id);
            }
        }

        public ReleaseServices Release { get; }

        public DeploymentRun Run { get; }

        public DeploymentJournal Journal => Run.Journal;

        public string Id => Run?.Id ?? _record?.Id ?? string.Empty;

        public DeploymentRecord Record => Run != null ? Run.Journal.Record : _record!;

        public ReleaseOptions Options { get; }

        /// <summary>The deployment's facts as journaled now.</summary>
        public DeploymentFacts Facts => DeploymentFacts.FromFacts(Run != null ? Run.Journal.Facts : _record!.Facts);

        public string FromArn => Facts.FromArn;

        public string ToArn => Facts.ToArn;

        public bool Resuming { get; init; }

        public IReadOnlyList<ReleaseCheck> BeforeSwitch { get; init; } = Array.Empty<ReleaseCheck>();

        public IReadOnlyList<ReleaseCheck> AfterSwitch { get; init; } = Array.Empty<ReleaseCheck>();

        public IChangeApproval Approval { get; init; } = ApproveAll.Instance;

        public Action<BlueGreen.Django.MigrationUndoStepResult>? Reverted { get; init; }

        public IReadOnlyList<Machine> NewMachines { get; set; } = Array.Empty<Machine>();

        /// <summary>
        /// What Start-BgDeployment read just before it began (the load balancer and the machines), for the launch to
        /// take instead of reading them again: only journal writes came between. Null when resuming (time has passed),
        /// and once taken (<see cref="TakeStartRead"/>).
        /// </summary>
        public (BlueGreen.Traffic.TrafficState Traffic, IReadOnlyList<Machine> Inventory)? StartRead { get; init; }

        private bool _startReadTaken;

        /// <summary>The read of <see cref="StartRead"/>, once; null after that or when there is none.</summary>
        public (BlueGreen.Traffic.TrafficState Traffic, IReadOnlyList<Machine> Inventory)? TakeStartRead()
        {
            var read = _startReadTaken ? null : StartRead;
            _startReadTaken = true;
            return read;
        }

        public bool MaintenanceOn { get; set; }

        /// <summary>The record a flow ends with early (Ready, after the pause).</summary>
        public DeploymentRecord? Stopped { get; set; }

        /// <summary>This run turned maintenance on, or the journal says a window was opened and never closed.</summary>
        public bool MaintenanceMayBeOn => MaintenanceOn || (Record.MaintenanceStartedAt != null && (Record.MaintenanceEndedAt == null || Record.MaintenanceEndedAt < Record.MaintenanceStartedAt));

        /// <summary>A traffic shift was begun (maybe cut off): the pre-switch steps are over.</summary>
        public bool SwitchStarted => Record.Steps.Any(s => s.Name == ReleaseSteps.SwitchCanary || s.Name == ReleaseSteps.SwitchTraffic);

        /// <summary>A rollback's RevertForRollback ran or was cut off (not skipped), and no ReapplyMigrations finished since.</summary>
        public bool MayHaveRevertedForRollback =>
            Record.Steps.Any(s => s.Name == ReleaseSteps.RevertForRollback && s.Outcome != StepOutcome.Skipped) && !Done(ReleaseSteps.ReapplyMigrations);

        /// <summary>A Migrate or MigrateBeforeWindow step ran or was cut off (not skipped): migrations may have been applied, listed or not.</summary>
        public bool MayHaveMigrated => Record.MigrationsApplied.Count > 0 ||
            Record.Steps.Any(s => (s.Name == ReleaseSteps.Migrate || s.Name == ReleaseSteps.MigrateBeforeWindow) && s.Outcome != StepOutcome.Skipped);

        /// <summary>
        /// Only the migrations run before the window may be applied (compatible with the old release): a
        /// MigrateBeforeWindow ran and the window's Migrate never began.
        /// </summary>
        public bool OnlyMigratedBeforeWindow => Facts.BeforeWindow is { Count: > 0 } && !Record.Steps.Any(s => s.Name == ReleaseSteps.Migrate && s.Outcome != StepOutcome.Skipped);

        /// <summary>Migrations this deployment may have applied and not reverted.</summary>
        public bool MigrationsLeft => MayHaveMigrated && Facts.MigrationsReverted != true;

        /// <summary>Step <paramref name="name"/> succeeded or was skipped, ever (whatever came after).</summary>
        public bool HasDone(string name) => Record.HasDone(name);

        /// <summary>
        /// Whether step <paramref name="name"/> succeeded (or was skipped) since traffic was last sent back to the
        /// old release: a canary taken back after a failure is shifted again on resume, its window reopened.
        /// </summary>
        public bool Done(string name)
        {
            IReadOnlyList<DeploymentStep> steps = Record.Steps;
            int last = LastIndex(steps, x => x.Name == name && (x.Outcome == StepOutcome.Succeeded || x.Outcome == StepOutcome.Skipped));
            // Migrations survive a traffic rollback, not a revert.
            int reset = name is ReleaseSteps.Migrate or ReleaseSteps.MigrateBeforeWindow
                ? LastIndex(steps, x => x.Name == ReleaseSteps.RevertMigrations)
                : LastIndex(steps, IsRollback);
            return last >= 0 && last > reset;
        }

        /// <summary>
        /// How many times step <paramref name="name"/> succeeded (or was skipped) since traffic last went back to the
        /// old release: a multi-step canary journals each of its shifts and watches under one name, in order.
        /// </summary>
        public int DoneCount(string name)
        {
            IReadOnlyList<DeploymentStep> steps = Record.Steps;
            int reset = LastIndex(steps, IsRollback);
            int count = 0;
            for (int i = reset + 1; i < steps.Count; i++)
            {
                if (steps[i].Name == name && (steps[i].Outcome == StepOutcome.Succeeded || steps[i].Outcome == StepOutcome.Skipped))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Whether a step named <paramref name="name"/> was begun (any outcome) since traffic last went back to the old release.</summary>
        public bool Begun(string name)
        {
            IReadOnlyList<DeploymentStep> steps = Record.Steps;
            return LastIndex(steps, x => x.Name == name) > LastIndex(steps, IsRollback);
        }

        /// <summary>Journals what <paramref name="change"/> changes in the facts (only those keys).</summary>
        public Task SetFactsAsync(Func<DeploymentFacts, DeploymentFacts> change, CancellationToken cancellationToken)
        {
            DeploymentFacts before = Facts;
            return Journal.SetFactsAsync(before.ChangesTo(change(before)), cancellationToken);
        }

        /// <summary>
        /// The deployment's new machines still running: those it counts on, or with <paramref name="everyTried"/> every
        /// name it launched under and every instance of its batch launches cut off before their names were tagged
        /// (<see cref="IsUnnamedLaunch"/>).
        /// </summary>
        public async Task<IReadOnlyList<Machine>> ExistingNewMachinesAsync(CancellationToken cancellationToken, bool everyTried = false)
        {
            var planned = new HashSet<string>(everyTried ? Facts.EveryTried : Facts.Names, StringComparer.Ordinal);
            return (await Release.Machines.ListAsync(true, cancellationToken).ConfigureAwait(false))
                .Where(m => planned.Contains(m.Name) || (everyTried && IsUnnamedLaunch(m))).ToList();
        }

        /// <summary>
        /// Whether <paramref name="machine"/> is an instance of this deployment's batch launch whose Name tag was never
        /// written (the process died between RunInstances and CreateTags): listed as the prefix and its instance id,
        /// and tagged bluegreen:deployment = this deployment's id by RunInstances itself. One without that tag (launched
        /// by a version that did not write it) is taken as this deployment's too (Undo removes it; the launch on resume
        /// terminates only those with the tag): a launch that finishes or fails names or terminates what it made, and
        /// only the deployment holding the lock launches. One tagged with another deployment's id is never this one's.
        /// </summary>
        public bool IsUnnamedLaunch(Machine machine)
        {
            string prefix = Release.Config.Machines.Prefix;
            return machine.InstanceId != null && machine.Name.StartsWith(prefix, StringComparison.Ordinal)
                && (prefix + machine.InstanceId).StartsWith(machine.Name, StringComparison.Ordinal) && machine.Name.Length > prefix.Length + 2
                && (machine.Instance.Deployment == null || machine.Instance.Deployment == Id);
        }

        private static bool IsRollback(DeploymentStep step) => step.Name == ReleaseSteps.RollBackTraffic && step.Outcome == StepOutcome.Succeeded;

        private static int LastIndex(IReadOnlyList<DeploymentStep> steps, Func<DeploymentStep, bool> match)
        {
            for (int i = steps.Count - 1; i >= 0; i--)
            {
                if (match(steps[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
