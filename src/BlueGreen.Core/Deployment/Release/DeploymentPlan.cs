using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What Start-BgDeployment -WhatIf shows, having changed nothing anywhere: the machines it would launch, the
    /// routes it would switch, the migrations the new release would apply (when they can be read without launching),
    /// and the steps in order.
    /// </summary>
    public sealed class DeploymentPlan
    {
        internal DeploymentPlan(string project, ReleaseOptions options, ProjectTargetGroup from, ProjectTargetGroup to, int machineCount, MachineProviderKind provider,
            IReadOnlyList<RouteChange> routes, IReadOnlyList<PendingMigration>? migrations, string? migrationsSource, bool maintenance, IReadOnlyList<string> steps,
            IReadOnlyList<string> warnings)
        {
            Project = project;
            Release = options.Release;
            From = from;
            To = to;
            MachineCount = machineCount;
            Provider = provider;
            Routes = routes;
            Migrations = migrations;
            MigrationsSource = migrationsSource;
            Maintenance = maintenance;
            MaintenancePolicy = options.Maintenance;
            CanaryWeight = options.CanaryWeight;
            CanaryDuration = options.CanaryDuration;
            BakeTime = options.BakeTime;
            StopBeforeSwitch = options.StopBeforeSwitch;
            Steps = steps;
            Warnings = warnings;
        }

        public string Project { get; }

        public string Release { get; }

        /// <summary>The live group now: traffic moves away from it.</summary>
        public ProjectTargetGroup From { get; }

        /// <summary>The idle group: the new machines go there and it becomes live.</summary>
        public ProjectTargetGroup To { get; }

        public string FromColor => From.Color ?? From.Name;

        public string ToColor => To.Color ?? To.Name;

        /// <summary>How many machines would be launched into <see cref="To"/>.</summary>
        public int MachineCount { get; }

        public MachineProviderKind Provider { get; }

        /// <summary>Every listener default action and rule that would be rewritten (a canary's first share is listed separately in <see cref="Steps"/>).</summary>
        public IReadOnlyList<RouteChange> Routes { get; }

        /// <summary>The migrations the new release would apply; null when unknown (they can only be read on a new machine: give -ManageCommand for a local checkout).</summary>
        public IReadOnlyList<PendingMigration>? Migrations { get; }

        /// <summary>Where <see cref="Migrations"/> were read, or why they are unknown.</summary>
        public string? MigrationsSource { get; }

        public bool MigrationsKnown => Migrations != null;

        /// <summary>
        /// Whether maintenance would come on: Auto only when a pending migration is not compatible with the running
        /// release (when migrations are unknown: true, the safe guess; see <see cref="MaintenanceWhy"/>).
        /// </summary>
        public bool Maintenance { get; }

        /// <summary>Why maintenance would (not) come on: the policy and the pending migrations' compatibility with the running release.</summary>
        public string MaintenanceWhy { get; internal init; } = string.Empty;

        /// <summary>Auto with a window: the compatible migrations no incompatible one precedes in the plan, migrated before the window opens (empty: none, or unknown).</summary>
        public IReadOnlyList<PendingMigration> MigrationsBeforeWindow { get; internal init; } = Array.Empty<PendingMigration>();

        public MaintenancePolicy MaintenancePolicy { get; }

        public int CanaryWeight { get; }

        public TimeSpan CanaryDuration { get; }

        public TimeSpan BakeTime { get; }

        public bool StopBeforeSwitch { get; }

        /// <summary>The steps, in order, as the deployment would run them.</summary>
        public IReadOnlyList<string> Steps { get; }

        /// <summary>What would stop the deployment or needs attention (e.g. the lock is held).</summary>
        public IReadOnlyList<string> Warnings { get; }

        public override string ToString() => $"{Release}: {MachineCount} machine(s) into {To.Name}, then {From.Name} -> {To.Name}";
    }
}
