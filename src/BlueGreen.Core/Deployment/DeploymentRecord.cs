namespace BlueGreen.Deployment
{
    /// <summary>
    /// One deployment as its journal records it: the release, the colors it moves traffic from and to, the machines
    /// it launched, kept and removed, the migrations it applied, every step with its start, end and outcome, the
    /// maintenance window, who ran it and how it stands. <see cref="Id"/> pipes into the deployment cmdlets.
    /// </summary>
    public sealed class DeploymentRecord
    {
        internal DeploymentRecord(
            string id,
            string project,
            string release,
            string? fromColor,
            string? toColor,
            string operation,
            string startedBy,
            DateTime startedAt,
            DateTime? endedAt,
            DeploymentStatus status,
            string? lockId,
            string? message,
            DateTime? maintenanceStartedAt,
            DateTime? maintenanceEndedAt,
            IReadOnlyList<DeploymentMachine> machinesLaunched,
            IReadOnlyList<DeploymentMachine> machinesKept,
            IReadOnlyList<DeploymentMachine> machinesRemoved,
            IReadOnlyList<string> migrationsApplied,
            IReadOnlyList<DeploymentStep> steps,
            IReadOnlyDictionary<string, string>? facts = null,
            IReadOnlyDictionary<string, string>? outputs = null)
        {
            Facts = facts ?? new Dictionary<string, string>();
            Outputs = outputs ?? new Dictionary<string, string>();
            Id = id;
            Project = project;
            Release = release;
            FromColor = fromColor;
            ToColor = toColor;
            Operation = operation;
            StartedBy = startedBy;
            StartedAt = startedAt;
            EndedAt = endedAt;
            Status = status;
            LockId = lockId;
            Message = message;
            MaintenanceStartedAt = maintenanceStartedAt;
            MaintenanceEndedAt = maintenanceEndedAt;
            MachinesLaunched = machinesLaunched;
            MachinesKept = machinesKept;
            MachinesRemoved = machinesRemoved;
            MigrationsApplied = migrationsApplied;
            Steps = steps;
        }

        /// <summary>e.g. 20261201-085300-ab12: sorts by start time.</summary>
        public string Id { get; }

        public string Project { get; }

        public string Release { get; }

        public string? FromColor { get; }

        public string? ToColor { get; }

        /// <summary>The cmdlet or job that ran it, e.g. Start-BgDeployment.</summary>
        public string Operation { get; }

        /// <summary>user@host.</summary>
        public string StartedBy { get; }

        public DateTime StartedAt { get; }

        public DateTime? EndedAt { get; }

        public DeploymentStatus Status { get; }

        /// <summary>The lock it ran under.</summary>
        public string? LockId { get; }

        public string? Message { get; }

        public DateTime? MaintenanceStartedAt { get; }

        public DateTime? MaintenanceEndedAt { get; }

        public IReadOnlyList<DeploymentMachine> MachinesLaunched { get; }

        public IReadOnlyList<DeploymentMachine> MachinesKept { get; }

        public IReadOnlyList<DeploymentMachine> MachinesRemoved { get; }

        /// <summary>app.migration names, in the order they were applied.</summary>
        public IReadOnlyList<string> MigrationsApplied { get; }

        public IReadOnlyList<DeploymentStep> Steps { get; }

        /// <summary>What the deployment decided and remembers to resume: its options, target groups and planned machines.</summary>
        public IReadOnlyDictionary<string, string> Facts { get; }

        /// <summary>A rollback to an older release (Start-BgDeployment -Rollback): its migrations were reverted, not applied.</summary>
        public bool IsRollback => Facts.TryGetValue("rollback", out string? rollback) && rollback == "1";

        /// <summary>Kept command output by name (e.g. migrate: what manage.py migrate printed).</summary>
        public IReadOnlyDictionary<string, string> Outputs { get; }

        /// <summary>
        /// Why the release was sent back by itself: the error of its last failed canary watch or bake (target health, a
        /// failed metric verdict with its figures, or a check); null when none failed.
        /// </summary>
        public string? RollbackReason => Steps.LastOrDefault(s => (s.Name == ReleaseSteps.WatchCanary || s.Name == ReleaseSteps.Bake) && s.Outcome == StepOutcome.Failed)?.Error;

        /// <summary>Every metric verdict of its canary and bake, oldest first, each with its figures (see Analysis in bluegreen.psd1).</summary>
        public IReadOnlyList<string> Verdicts => Outputs.TryGetValue(WatchStep.VerdictOutput, out string? text)
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();

        /// <summary>
        /// Start's maintenance decision with its reason (e.g. "no window: every pending migration (1) is compatible
        /// with the running release"); null before the migrations were read, or for deployments journaled before.
        /// </summary>
        public string? MaintenanceDecision => Facts.TryGetValue("maintenanceWhy", out string? why) ? why : null;

        /// <summary>
        /// The migrations applied before the maintenance window opened, while the old release served (Auto with a
        /// mix: the compatible ones no incompatible one precedes in the plan, step MigrateBeforeWindow).
        /// </summary>
        public IReadOnlyList<string> MigrationsBeforeWindow => Facts.TryGetValue("beforeWindow", out string? before)
            ? MigrationsApplied.Intersect(before.Split(','), StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

        /// <summary>The migrations applied inside the maintenance window (step Migrate, when Start decided on a window).</summary>
        public IReadOnlyList<string> MigrationsInWindow => MaintenanceDecision?.StartsWith("window", StringComparison.Ordinal) == true
            ? MigrationsApplied.Except(MigrationsBeforeWindow, StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

        /// <summary>The undo's (or automatic rollback's) decision on its order and window, with its reason; null when never taken back.</summary>
        public string? UndoDecision => Facts.TryGetValue("undoWhy", out string? why) ? why : null;

        /// <summary>Each pending migration's compatibility with the running release, as CheckMigrations judged it: "app.name: verdict: operation: reason [SQL]".</summary>
        public IReadOnlyList<string> MigrationCompatibility => Outputs.TryGetValue(CheckMigrationsStep.CompatibilityOutput, out string? text)
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();

        /// <summary>The last step named <paramref name="name"/>, or null.</summary>
        public DeploymentStep? FindStep(string name) => Steps.LastOrDefault(s => s.Name == name);

        /// <summary>Whether the last step named <paramref name="name"/> succeeded (or was skipped as not needed).</summary>
        public bool HasDone(string name) => FindStep(name) is DeploymentStep s && (s.Outcome == StepOutcome.Succeeded || s.Outcome == StepOutcome.Skipped);

        /// <summary>The last step, or null before the first.</summary>
        public DeploymentStep? LastStep => Steps.Count == 0 ? null : Steps[Steps.Count - 1];

        /// <summary>Steps recorded as Started that never ended: what may or may not have been done.</summary>
        public IReadOnlyList<DeploymentStep> UnfinishedSteps => Steps.Where(s => s.Outcome == StepOutcome.Started).ToList();

        public override string ToString() => $"{Id} {Release} {Status}";
    }
}
