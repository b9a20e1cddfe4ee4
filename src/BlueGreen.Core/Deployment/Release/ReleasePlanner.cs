using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>What Start-BgDeployment would do (-WhatIf), read only, and the refusals a new deployment shares with it.</summary>
    internal sealed class ReleasePlanner
    {
        private readonly ReleaseServices _release;

        internal ReleasePlanner(ReleaseServices release)
        {
            _release = release;
        }

        private MachineServices Machines => _release.Machines;

        private ProjectConfiguration Config => _release.Config;

        /// <summary>
        /// What <see cref="StartAsync"/> would do, reading only: the same refusals, the machines, the routes, and the
        /// pending migrations when <paramref name="localRelease"/> (a local checkout of the new release) is given.
        /// </summary>
        internal async Task<DeploymentPlan> PlanAsync(ReleaseOptions options, ManageCommand? localRelease, CancellationToken cancellationToken)
        {
            options.Validate();
            TrafficState traffic = await Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            int count = Preflight(traffic, options);
            var warnings = new List<string>();
            DeploymentLock? held = await _release.State.Locks.GetAsync(cancellationToken).ConfigureAwait(false);
            if (held != null)
            {
                warnings.Add($"The deployment lock is held by {held.Describe()}: Start-BgDeployment would be refused now.");
            }

            if (traffic.Live.HealthyCount == 0)
            {
                warnings.Add($"The live group {traffic.Live.Name} has no healthy target now.");
            }

            IReadOnlyList<PendingMigration>? pending = null;
            string source;
            if (localRelease != null)
            {
                pending = await new PendingMigrationCheck(_release.Manage, _release.Reporter).ReadAsync(localRelease, cancellationToken).ConfigureAwait(false);
                source = $"read with {localRelease}";
                if (!options.AllowIrreversible && pending.Any(p => !p.Reversible))
                {
                    warnings.Add("Irreversible migrations are pending (" + string.Join(", ", pending.Where(p => !p.Reversible)) + "): the deployment would stop before the switch unless -AllowIrreversible.");
                }

                if (options.Maintenance == MaintenancePolicy.Never && pending.Any(p => !p.Compatible))
                {
                    warnings.Add("Maintenance is Never, but pending migrations are not compatible with the running release (" +
                        string.Join("; ", pending.Where(p => !p.Compatible).Select(p => $"{p.Key}: {p.Verdict}")) + "): the deployment would be refused before they run (IncompatiblePendingMigration). Use -Maintenance Auto or Always.");
                }
            }
            else
            {
                source = "unknown until the CheckMigrations step reads them on a new machine; give -ManageCommand (a local checkout of the new release) to read them now";
            }

            (bool maintenance, string maintenanceWhy, IReadOnlyList<PendingMigration> beforeWindow) = pending != null
                ? MaintenanceDecision.ForRelease(options.Maintenance, pending)
                : options.Maintenance == MaintenancePolicy.Auto
                    ? (true, "window, unless every pending migration proves compatible with the running release when the CheckMigrations step reads them; the compatible ones no incompatible one precedes run before it opens", Array.Empty<PendingMigration>())
                    : MaintenanceDecision.ForRelease(options.Maintenance, Array.Empty<PendingMigration>());
            IReadOnlyList<RouteChange> routes = TargetGroupSwitchPlanner.Plan(traffic, 100).Changes;
            var steps = new List<string>
            {
                $"Lock the project and open the journal (SSM {_release.State.Location.Prefix})",
                $"Launch {count} machine(s) with {Machines.ProviderKind} in parallel (at most {Math.Max(1, Config.Machines.MaxParallelLaunches)} at once), docker compose up on each, register in {traffic.Idle.Name}",
                $"Wait until every target of {traffic.Idle.Name} is healthy (at most {options.HealthTimeout.TotalSeconds:0} s)",
                "Read the pending migrations on one new machine and judge whether the running release survives each" + (options.AllowIrreversible ? string.Empty : "; refuse irreversible ones") +
                    (options.Maintenance == MaintenancePolicy.Never ? "; refuse incompatible ones (Maintenance Never)" : string.Empty),
                options.SkipSmokeCheck ? "No smoke check (-SkipSmokeCheck)" : $"Smoke check through the preview route: {string.Join(", ", Config.Smoke.Paths)} must answer {Config.Smoke.ExpectedStatus}",
                "Run the -BeforeSwitch checks",
            };
            if (options.StopBeforeSwitch)
            {
                steps.Add("Stop Ready, the lock held: Resume-BgDeployment goes on from here");
            }

            if (beforeWindow.Count > 0)
            {
                steps.Add($"manage.py migrate on one new machine, up to {string.Join(", ", MigrateBeforeWindowStep.Targets(beforeWindow.Select(p => p.Key.ToString()).ToList()).Select(t => t[1] + " " + t[2]))}: " +
                    $"{beforeWindow.Count} compatible migration(s) ({string.Join(", ", beforeWindow)}), while the old release serves");
            }

            if (maintenance)
            {
                steps.Add($"Maintenance on ({Config.Maintenance.Mode})" + (pending == null && options.Maintenance == MaintenancePolicy.Auto ? ", if a pending migration is not compatible with the running release" : string.Empty));
            }

            steps.Add("manage.py migrate on one new machine" + (pending == null ? string.Empty : $" ({pending.Count - beforeWindow.Count} migration(s){(beforeWindow.Count > 0 ? ": the rest" : string.Empty)})") + (maintenance ? string.Empty : ", while the old release serves"));
            if (options.CanaryWeight > 0)
            {
                steps.Add($"Shift {options.CanaryWeight}% of {routes.Count(r => !r.IsPreview)} route(s) to {traffic.Idle.Name}");
                if (maintenance)
                {
                    steps.Add("Maintenance off");
                }

                steps.Add($"Watch the canary for {options.CanaryDuration}; roll back if it degrades");
                steps.Add($"Shift the rest to {traffic.Idle.Name}");
            }
            else
            {
                steps.Add($"Switch {routes.Count(r => !r.IsPreview)} route(s) to {traffic.Idle.Name} (preview rules to {traffic.Live.Name}), verified");
                if (maintenance)
                {
                    steps.Add("Maintenance off");
                }
            }

            steps.Add(options.BakeTime > TimeSpan.Zero ? $"Bake {options.BakeTime}: watch {traffic.Idle.Name}'s health and the -AfterSwitch checks; roll traffic back if it degrades" : "No bake");
            steps.Add($"Keep {traffic.Live.TargetCount} old machine(s) in {traffic.Live.Name} for Undo-BgDeployment; Complete-BgDeployment removes them");
            return new DeploymentPlan(Config.Project, options, traffic.Live, traffic.Idle, count, Machines.ProviderKind, routes, pending, source, maintenance, steps, warnings) { MaintenanceWhy = maintenanceWhy, MigrationsBeforeWindow = beforeWindow };
        }

        /// <summary>Preflight of a new deployment: returns how many machines to launch, or refuses (nothing changed).</summary>
        internal static int Preflight(TrafficState traffic, ReleaseOptions options)
        {
            if (traffic.IsSplit)
            {
                throw new BlueGreenException("TrafficSplit", FailureCategory.InvalidOperation,
                    $"Traffic is split between {traffic.Live.Name} ({traffic.Live.Weight}%) and {traffic.Idle.Name} ({traffic.Idle.Weight}%): a canary is under way. " +
                    "Finish or take it back first (Resume-BgDeployment, Undo-BgDeployment, or Switch-BgTargetGroup). Nothing was changed.", traffic.Idle);
            }

            if (traffic.Idle.TargetCount > 0)
            {
                throw new BlueGreenException("IdleGroupNotEmpty", FailureCategory.InvalidOperation,
                    $"The idle group {traffic.Idle.Name} still has {traffic.Idle.TargetCount} target(s) ({string.Join(", ", traffic.Idle.Targets.Select(t => t.Id))}): " +
                    "the old release of the last deployment, kept for Undo-BgDeployment. Remove them first with Complete-BgDeployment (or Get-BgMachine -Role Idle | Remove-BgMachine). Nothing was changed.",
                    traffic.Idle);
            }

            int count = options.Count ?? traffic.Live.TargetCount;
            if (count < 1)
            {
                throw new BlueGreenException("NoLiveMachines", FailureCategory.InvalidOperation,
                    $"The live group {traffic.Live.Name} has no machine, so there is no count to match. Pass -Count. Nothing was changed.", traffic.Live);
            }

            return count;
        }
    }
}
