using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.Processes;
using BlueGreen.Smoke;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The whole release: Start (launch, health, migration check, smoke and user checks, optional pause, maintenance,
    /// migrate, switch or canary, bake), Resume, Undo and Complete, each under the project's lock and written ahead in
    /// the deployment's journal, so that a failure, a Ctrl+C or a killed process at any step leaves the site serving
    /// from healthy targets, maintenance off (kill -9 aside: then the journal says the window is open and Resume or
    /// Undo closes it first), every machine named in the journal, and a deployment that Resume-BgDeployment or
    /// Undo-BgDeployment can finish. No PowerShell here: the cmdlets are thin over it.
    /// </summary>
    public sealed class ReleaseEngine
    {
        /// <summary>Progress activity of the deployment's phases (machines and waits report under their own ids).</summary>
        public const int ProgressActivityId = 6000;

        private static readonly string[] PhaseOrder =
        {
            ReleaseSteps.LaunchMachines, ReleaseSteps.WaitForHealthy, ReleaseSteps.CheckMigrations, ReleaseSteps.SmokeCheck, ReleaseSteps.BeforeSwitch,
            ReleaseSteps.MaintenanceOn, ReleaseSteps.Migrate, ReleaseSteps.SwitchCanary, ReleaseSteps.WatchCanary, ReleaseSteps.SwitchTraffic,
            ReleaseSteps.MaintenanceOff, ReleaseSteps.Bake,
        };

        private static readonly Regex AppliedLine = new Regex(@"^\s*Applying\s+([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\.\.\.\s*OK\b", RegexOptions.CultureInvariant);

        /// <summary>Cleanup on the way out (maintenance off, traffic back) gets this long even after Ctrl+C.</summary>
        private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(5);

        private readonly MachineServices _machines;
        private readonly DeploymentState _state;
        private readonly IMaintenanceMode _maintenance;
        private readonly IOperationReporter _reporter;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Func<DateTime> _clock;
        private readonly DjangoManageClient _manage;

        public ReleaseEngine(MachineServices machines, DeploymentState state, IMaintenanceMode maintenance, IOperationReporter reporter,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTime>? clock = null)
        {
            _machines = machines ?? throw new ArgumentNullException(nameof(machines));
            _state = state ?? throw new ArgumentNullException(nameof(state));
            _maintenance = maintenance ?? throw new ArgumentNullException(nameof(maintenance));
            _reporter = reporter ?? NullOperationReporter.Instance;
            _delay = delay ?? ((t, c) => Task.Delay(t, c));
            _clock = clock ?? (() => DateTime.UtcNow);
            _manage = new DjangoManageClient(machines.Runner, _reporter);
        }

        private ProjectConfiguration Config => _machines.Configuration;

        // ------------------------------------------------------------------------------------------------ plan (-WhatIf)

        /// <summary>
        /// What <see cref="StartAsync"/> would do, reading only: the same refusals, the machines, the routes, and the
        /// pending migrations when <paramref name="localRelease"/> (a local checkout of the new release) is given.
        /// </summary>
        public async Task<DeploymentPlan> PlanAsync(ReleaseOptions options, ManageCommand? localRelease, CancellationToken cancellationToken)
        {
            options.Validate();
            TrafficState traffic = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            int count = Preflight(traffic, options);
            var warnings = new List<string>();
            DeploymentLock? held = await _state.Locks.GetAsync(cancellationToken).ConfigureAwait(false);
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
                pending = await new PendingMigrationCheck(_manage, _reporter).ReadAsync(localRelease, cancellationToken).ConfigureAwait(false);
                source = $"read with {localRelease}";
                if (!options.AllowIrreversible && pending.Any(p => !p.Reversible))
                {
                    warnings.Add("Irreversible migrations are pending (" + string.Join(", ", pending.Where(p => !p.Reversible)) + "): the deployment would stop before the switch unless -AllowIrreversible.");
                }
            }
            else
            {
                source = "unknown until the CheckMigrations step reads them on a new machine; give -ManageCommand (a local checkout of the new release) to read them now";
            }

            bool maintenance = options.Maintenance == MaintenancePolicy.Always || (options.Maintenance == MaintenancePolicy.Auto && (pending == null || pending.Count > 0));
            IReadOnlyList<RouteChange> routes = TargetGroupSwitchPlanner.Plan(traffic, 100).Changes;
            var steps = new List<string>
            {
                $"Lock the project and open the journal (SSM {_state.Location.Prefix})",
                $"Launch {count} machine(s) with {_machines.ProviderKind} in parallel (at most {Math.Max(1, Config.Machines.MaxParallelLaunches)} at once), docker compose up on each, register in {traffic.Idle.Name}",
                $"Wait until every target of {traffic.Idle.Name} is healthy (at most {options.HealthTimeout.TotalSeconds:0} s)",
                "Read the pending migrations on one new machine" + (options.AllowIrreversible ? string.Empty : "; refuse irreversible ones"),
                options.SkipSmokeCheck ? "No smoke check (-SkipSmokeCheck)" : $"Smoke check through the preview route: {string.Join(", ", Config.Smoke.Paths)} must answer {Config.Smoke.ExpectedStatus}",
                "Run the -BeforeSwitch checks",
            };
            if (options.StopBeforeSwitch)
            {
                steps.Add("Stop Ready, the lock held: Resume-BgDeployment goes on from here");
            }

            if (maintenance)
            {
                steps.Add($"Maintenance on ({Config.Maintenance.Mode})" + (pending == null && options.Maintenance == MaintenancePolicy.Auto ? ", if migrations are pending" : string.Empty));
            }

            steps.Add("manage.py migrate on one new machine" + (pending == null ? string.Empty : $" ({pending.Count} migration(s))"));
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
            return new DeploymentPlan(Config.Project, options, traffic.Live, traffic.Idle, count, _machines.ProviderKind, routes, pending, source, maintenance, steps, warnings);
        }

        // ------------------------------------------------------------------------------------------------ start / resume

        public async Task<DeploymentRecord> StartAsync(ReleaseOptions options, IReadOnlyList<ReleaseCheck> beforeSwitch, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            options.Validate();
            TrafficState traffic = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            int count = Preflight(traffic, options);
            IReadOnlyList<Machine> inventory = await _machines.ListAsync(true, cancellationToken).ConfigureAwait(false);
            List<string> old = inventory.Where(m => m.TargetGroupArn == traffic.Live.Arn).Select(m => m.Name).ToList();

            var names = Enumerable.Range(0, count).Select(_ => MachineName.CreateUnique(Config.Machines.Prefix)).ToList();
            var facts = new List<KeyValuePair<string, string>>(options.ToFacts())
            {
                Fact("from", traffic.Live.Arn),
                Fact("to", traffic.Idle.Arn),
                Fact("count", count.ToString(CultureInfo.InvariantCulture)),
                Fact("names", string.Join(",", names)),
                Fact("tried", string.Join(",", names)),
                Fact("old", string.Join(",", old)),
            };
            // Room for what the deployment adds later (pending, migrateOn, switchedAt, fresh names on a resume).
            int size = DeploymentJournal.FactsSize(facts) + (names.Count * (names[0].Length + 1)) + 512;
            if (size > Aws.ParameterStore.ParameterStoreLimits.MaxValueBytes)
            {
                throw new BlueGreenException("TooManyMachines", FailureCategory.LimitsExceeded,
                    $"The journal keeps a deployment's machine names in one Parameter Store value (4 KB), and {count} new plus {old.Count} old machine names (prefix '{Config.Machines.Prefix}') would need about {size} bytes. " +
                    "Deploy with fewer machines (-Count) or a shorter Machines.Prefix. Nothing was changed.", count);
            }

            DeploymentRun run = await _state.StartAsync(new DeploymentStart
            {
                Operation = "Start-BgDeployment",
                Release = options.Release,
                FromColor = traffic.Live.Color ?? traffic.Live.Name,
                ToColor = traffic.Idle.Color ?? traffic.Idle.Name,
                Message = options.Message,
            }, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"Deployment {run.Id}: release {options.Release}, {count} machine(s) into {traffic.Idle.Name}, then {traffic.Live.Name} -> {traffic.Idle.Name}.");

            try
            {
                await run.Journal.SetFactsAsync(facts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Nothing was done yet: give the lock back so nobody has to break it.
                await GiveBackAsync(run).ConfigureAwait(false);
                throw;
            }

            return await DriveAsync(new Context(run, options, run.Journal.Facts), beforeSwitch, afterSwitch, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Goes on with a deployment that failed, was stopped, crashed (with <paramref name="force"/>) or paused Ready,
        /// from its first step not done, with the options it was started with.
        /// </summary>
        public async Task<DeploymentRecord> ResumeAsync(string? id, bool force, bool allowIrreversible, IReadOnlyList<ReleaseCheck> beforeSwitch, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (record.Status == DeploymentStatus.Succeeded || record.Status == DeploymentStatus.Completed || record.Status == DeploymentStatus.RolledBack)
            {
                throw new BlueGreenException("NothingToResume", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) is {record.Status}: there is nothing to resume. " +
                    (record.Status == DeploymentStatus.RolledBack ? "Start a new deployment with Start-BgDeployment." : "Complete-BgDeployment removes its old machines; Undo-BgDeployment takes it back."),
                    record);
            }

            if (record.Facts.TryGetValue("undoing", out string? undoing) && undoing == "1")
            {
                throw new BlueGreenException("UndoInProgress", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) was being taken back (by Undo-BgDeployment or an automatic rollback) when it stopped: resuming would deploy it again onto a database that may be reverted. " +
                    $"Run Undo-BgDeployment -Id {record.Id} again to finish taking it back. Nothing was changed.", record);
            }

            ReleaseOptions options = ReleaseOptions.FromFacts(record);
            DeploymentRun run = await _state.ContinueAsync(record.Id, "Resume-BgDeployment", force, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"Resuming deployment {record.Id} ({record.Release}); done so far: {string.Join(", ", record.Steps.Where(s => s.Outcome != StepOutcome.Failed && s.Outcome != StepOutcome.Started).Select(s => s.Name).Distinct())}.");
            if (record.Status == DeploymentStatus.Ready)
            {
                options.StopBeforeSwitch = false;
            }

            if (allowIrreversible && !options.AllowIrreversible)
            {
                // Resuming a deployment stopped by its irreversible migrations, knowingly.
                options.AllowIrreversible = true;
                await run.Journal.SetFactsAsync(new[] { Fact("allowIrreversible", "1") }, cancellationToken).ConfigureAwait(false);
            }

            return await DriveAsync(new Context(run, options, run.Journal.Facts) { Resuming = true }, beforeSwitch, afterSwitch, cancellationToken).ConfigureAwait(false);
        }

        private async Task<DeploymentRecord> DriveAsync(Context c, IReadOnlyList<ReleaseCheck> beforeSwitch, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            // Every read of the load balancer from here on (inventory, maintenance, checks) takes a switch of ours cut
            // off between listeners as moving towards the new group, instead of refusing it as MixedRoutes.
            _machines.IncomingHint = c.ToArn;
            try
            {
                if (c.Resuming && c.MaintenanceMayBeOn)
                {
                    // A run cut off inside the maintenance window (kill -9) left it open: users first. The window
                    // opens again at MaintenanceOn if the switch still needs it.
                    Phase(c, ReleaseSteps.MaintenanceOff, 1);
                    await MaintenanceOffStepAsync(c, ReleaseSteps.MaintenanceOffAfterFailure, "left on by the run that was cut off", cancellationToken).ConfigureAwait(false);
                }

                await LaunchAsync(c, cancellationToken).ConfigureAwait(false);
                if (!c.SwitchStarted)
                {
                    await WaitForHealthyAsync(c, cancellationToken).ConfigureAwait(false);
                    await CheckMigrationsAsync(c, cancellationToken).ConfigureAwait(false);
                    await SmokeCheckAsync(c, cancellationToken).ConfigureAwait(false);
                    await RunChecksAsync(c, ReleaseSteps.BeforeSwitch, "BeforeSwitch", beforeSwitch, cancellationToken).ConfigureAwait(false);
                    if (c.Options.StopBeforeSwitch && !c.Record.HasDone(ReleaseSteps.Pause))
                    {
                        await c.Journal.RunStepAsync(ReleaseSteps.Pause, "Ready: Resume-BgDeployment switches", _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
                        DeploymentRecord paused = await c.Run.PauseAsync(cancellationToken).ConfigureAwait(false);
                        _reporter.Verbose($"Deployment {c.Run.Id} is Ready: the new machines serve the preview and the lock is held. Resume-BgDeployment -Id {c.Run.Id} switches; Undo-BgDeployment -Id {c.Run.Id} drops it.");
                        return paused;
                    }
                }

                string? degraded = await MigrateAndSwitchAsync(c, afterSwitch, cancellationToken).ConfigureAwait(false);
                if (degraded == null)
                {
                    degraded = await BakeAsync(c, afterSwitch, cancellationToken).ConfigureAwait(false);
                }

                if (degraded != null)
                {
                    return await RollBackAfterDegradationAsync(c, degraded, cancellationToken).ConfigureAwait(false);
                }

                IReadOnlyList<Machine> inventory = await _machines.ListAsync(false, cancellationToken).ConfigureAwait(false);
                await c.Journal.RecordMachinesAsync(MachineDisposition.Kept,
                    c.OldNames.Select(n => new DeploymentMachine(n, inventory.FirstOrDefault(m => m.Name == n)?.InstanceId)), cancellationToken).ConfigureAwait(false);
                DeploymentRecord done = await c.Run.SucceedAsync(DeploymentStatus.Succeeded, cancellationToken).ConfigureAwait(false);
                Phase(c, "Done", 100);
                return done;
            }
            catch (Exception ex) when (!(ex is DeploymentFailedException))
            {
                throw await FailAsync(c, ex, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }

        /// <summary>
        /// The way out of every failure: maintenance off if this run (or the crashed one it resumes) may have left it on,
        /// the deployment recorded Failed with its lock kept (or, with RollbackOnFailure before the switch, its new
        /// machines removed and the lock released), and an error that says where things stand and what to run next.
        /// </summary>
        private async Task<DeploymentFailedException> FailAsync(Context c, Exception failure, CancellationToken cancellationToken, bool undoing = false)
        {
            // A stop is any failure after Ctrl+C (a scriptblock or prompt stopped by it throws PipelineStoppedException).
            bool stopped = cancellationToken.IsCancellationRequested;
            string? failedStep = c.Record.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Failed || s.Outcome == StepOutcome.Started)?.Name;
            var notes = new List<string>();
            if (c.MaintenanceMayBeOn)
            {
                notes.Add(await TurnMaintenanceOffAfterFailureAsync(c).ConfigureAwait(false));
            }

            if (!undoing && c.Begun(ReleaseSteps.SwitchCanary) && !c.Done(ReleaseSteps.SwitchTraffic))
            {
                // Stopped or failed while the canary ran (or while its shift was verified): a split is not a state to
                // leave behind. With a broken journal it is done all the same, unrecorded.
                try
                {
                    if (c.Journal.IsBroken)
                    {
                        await SwitchToOldAsync(c, CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        await StepAsync(c, ReleaseSteps.RollBackTraffic, "the canary share, after the failure", async t =>
                            await SwitchToOldAsync(c, t).ConfigureAwait(false) ? StepOutcome.Succeeded : StepOutcome.Skipped, CancellationToken.None).ConfigureAwait(false);
                    }

                    notes.Add("The canary share was sent back to the old release; Resume-BgDeployment shifts it again.");
                }
                catch (Exception ex)
                {
                    notes.Add($"Sending the canary share back failed ({FirstLine(ex.Message)}): traffic is still split.");
                }
            }

            bool rolledBack = false;
            if (!undoing && c.Options.RollbackOnFailure && !c.SwitchStarted && !c.MayHaveMigrated && !c.MaintenanceMayBeOn && !c.Journal.IsBroken)
            {
                try
                {
                    // Not cancellable: draining takes up to DrainTimeout, which bounds it.
                    await RemoveNewMachinesAsync(c, ApproveAll.Instance, CancellationToken.None).ConfigureAwait(false);
                    await c.Journal.SetFactsAsync(new[] { Fact("migrationsReverted", "1") }, CancellationToken.None).ConfigureAwait(false);
                    await c.Run.SucceedAsync(DeploymentStatus.RolledBack, CancellationToken.None).ConfigureAwait(false);
                    rolledBack = true;
                    notes.Add("The new machines were removed (-RollbackOnFailure) and the lock released.");
                }
                catch (Exception ex)
                {
                    notes.Add($"Removing the new machines after the failure failed too ({FirstLine(ex.Message)}).");
                }
            }

            if (!rolledBack)
            {
                try
                {
                    await c.Run.FailAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    notes.Add($"The failure could not be recorded ({FirstLine(ex.Message)}); the journal still says InProgress, so Resume-BgDeployment and Undo-BgDeployment need -Force.");
                }
            }

            string where = await DescribeTrafficAsync(c).ConfigureAwait(false);
            string next = rolledBack
                ? "Start a new deployment when the cause is fixed."
                : undoing
                ? $"Run Undo-BgDeployment -Id {c.Run.Id} again once the cause is fixed; the lock stays held until then."
                : $"Resume-BgDeployment -Id {c.Run.Id} goes on from the failed step once the cause is fixed; Undo-BgDeployment -Id {c.Run.Id} takes the deployment back" +
                  (c.SwitchStarted ? "." : " and removes its new machines.") + " The lock stays held until then.";
            string what = stopped
                ? $"Deployment {c.Run.Id} ({c.Options.Release}) was stopped" + (failedStep != null ? $" at step {failedStep}." : ".")
                : $"Deployment {c.Run.Id} ({c.Options.Release}) failed" + (failedStep != null ? $" at step {failedStep}: " : ": ") + FirstLine(failure.Message);
            string message = string.Join(" ", new[] { what, where }.Concat(notes).Concat(new[] { next }).Where(s => !string.IsNullOrEmpty(s)));
            _reporter.Verbose(message);
            string id = stopped ? "DeploymentStopped" : failure is BlueGreenException bg ? bg.ErrorId : "DeploymentFailed";
            FailureCategory category = stopped ? FailureCategory.OperationStopped : failure is BlueGreenException b ? b.Category : FailureCategory.NotSpecified;
            return new DeploymentFailedException(id, category, message, c.Record, failure);
        }

        // ------------------------------------------------------------------------------------------------ phases

        /// <summary>Preflight of a new deployment: returns how many machines to launch, or refuses (nothing changed).</summary>
        private static int Preflight(TrafficState traffic, ReleaseOptions options)
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

        private async Task LaunchAsync(Context c, CancellationToken cancellationToken)
        {
            if (c.Record.HasDone(ReleaseSteps.LaunchMachines) || c.SwitchStarted)
            {
                c.NewMachines = await FindNewMachinesAsync(c, cancellationToken).ConfigureAwait(false);
                return;
            }

            Phase(c, ReleaseSteps.LaunchMachines, 5);
            TrafficState traffic = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            ProjectTargetGroup to = traffic.Group(c.ToArn);
            await StepAsync(c, ReleaseSteps.LaunchMachines, $"{c.Count} x {_machines.ProviderKind} into {to.Name}", async token =>
            {
                IReadOnlyList<Machine> inventory = await _machines.ListAsync(true, token).ConfigureAwait(false);
                var planned = new HashSet<string>(c.Names, StringComparer.Ordinal);
                List<Machine> existing = inventory.Where(m => planned.Contains(m.Name)).ToList();
                foreach (Machine machine in existing.Where(m => m.TargetGroupArn != c.ToArn))
                {
                    // Launched by a run that was cut off before the app was started or the registration finished: finish it.
                    IMachineApplication application = _machines.Application;
                    _reporter.Verbose($"{machine.Name} was launched by an earlier run but is not in {to.Name}: {(application.StartDescription == null ? string.Empty : application.StartDescription + " and ")}register it.");
                    await application.StartAsync(machine.Instance, token).ConfigureAwait(false);
                    await _machines.Membership.RegisterAsync(c.ToArn, machine.Instance, token).ConfigureAwait(false);
                }

                int missing = c.Count - existing.Count;
                var launched = existing.Select(m => new DeploymentMachine(m.Name, m.InstanceId)).ToList();
                IReadOnlyList<MachineLaunchFailure> failures = Array.Empty<MachineLaunchFailure>();
                if (missing > 0)
                {
                    // Names not seen running were tried before (failed and cleaned up, or never started): fresh names,
                    // recorded before the launch, because EC2 ties a launch's idempotency token to its name.
                    List<string> fresh = c.Resuming || c.Names.Count != c.Count
                        ? Enumerable.Range(0, missing).Select(_ => MachineName.CreateUnique(Config.Machines.Prefix)).ToList()
                        : c.Names.ToList();
                    if (!fresh.SequenceEqual(c.Names))
                    {
                        await c.SetNamesAsync(existing.Select(m => m.Name).Concat(fresh).ToList(), token).ConfigureAwait(false);
                    }

                    var options = new MachineLaunchOptions(Config.Machines.Prefix, fresh.Count)
                    {
                        Names = fresh,
                        MaxParallel = Math.Max(1, Config.Machines.MaxParallelLaunches),
                        Release = c.Options.Release,
                        StartApplication = true,
                        TargetGroup = to,
                        OnFailure = LaunchFailurePolicy.Keep,
                        ParentActivityId = ProgressActivityId,
                    };
                    MachineLaunchReport report = await _machines.LaunchAsync(options, token).ConfigureAwait(false);
                    launched.AddRange(report.Launched.Select(m => new DeploymentMachine(m.Name, m.InstanceId)));
                    failures = report.Failures;
                }

                await c.Journal.RecordMachinesAsync(MachineDisposition.Launched, launched, CancellationToken.None).ConfigureAwait(false);
                if (failures.Count > 0)
                {
                    throw new BlueGreenException("LaunchFailed", failures[0].Error.Category,
                        $"{failures.Count} of {c.Count} machine(s) did not launch ({string.Join("; ", failures.Select(f => f.Name + ": " + FirstLine(f.Error.Message)))}); what they had made was removed. " +
                        $"The {launched.Count} that launched are kept in {to.Name}, serving only the preview.",
                        failures[0].Error);
                }

                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
            c.NewMachines = await FindNewMachinesAsync(c, cancellationToken).ConfigureAwait(false);
        }

        private async Task WaitForHealthyAsync(Context c, CancellationToken cancellationToken)
        {
            Phase(c, ReleaseSteps.WaitForHealthy, 20);
            await StepAsync(c, ReleaseSteps.WaitForHealthy, $"at most {c.Options.HealthTimeout.TotalSeconds:0} s", async token =>
            {
                var wait = new TargetGroupHealthWait(_reporter) { PollInterval = Min(TimeSpan.FromSeconds(5), c.Options.CheckInterval) };
                TrafficState state = await wait.WaitForIdleAsync(_machines.ReadTrafficAsync, c.Options.HealthTimeout, token).ConfigureAwait(false);
                ProjectTargetGroup to = state.Group(c.ToArn);
                if (state.Idle.Arn != c.ToArn)
                {
                    throw TrafficMoved(c, state);
                }

                var targets = new HashSet<string>(to.Targets.Select(t => t.Id), StringComparer.Ordinal);
                List<Machine> absent = c.NewMachines.Where(m => m.InstanceId == null || !targets.Contains(m.InstanceId)).ToList();
                if (absent.Count > 0 || c.NewMachines.Count < c.Count)
                {
                    throw new BlueGreenException("NewMachineNotRegistered", FailureCategory.InvalidResult,
                        $"{to.Name} is healthy but holds {c.NewMachines.Count - absent.Count} of the {c.Count} new machines" + (absent.Count > 0 ? $" ({string.Join(", ", absent)} missing)" : string.Empty) +
                        ". Nothing was switched; Resume-BgDeployment registers or relaunches them.", to);
                }

                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        private async Task CheckMigrationsAsync(Context c, CancellationToken cancellationToken)
        {
            if (c.Record.HasDone(ReleaseSteps.CheckMigrations))
            {
                return;
            }

            Phase(c, ReleaseSteps.CheckMigrations, 35);
            Machine machine = c.NewMachines[0];
            await StepAsync(c, ReleaseSteps.CheckMigrations, $"on {machine.Name}", async token =>
            {
                ManageCommand command = await ManageOnAsync(machine, token).ConfigureAwait(false);
                IReadOnlyList<PendingMigration> pending = await new PendingMigrationCheck(_manage, _reporter).ReadAsync(command, token).ConfigureAwait(false);
                _reporter.Verbose($"{pending.Count} migration(s) pending on {machine.Name}" + (pending.Count > 0 ? ": " + string.Join(", ", pending) : "."));
                await c.Journal.WriteOutputAsync("pending", string.Join("\n", pending.Select(p => p + (p.Reversible ? string.Empty : " (irreversible: " + p.IrreversibleReason + ")"))), token).ConfigureAwait(false);
                await c.Journal.SetFactsAsync(new[] { Fact("pending", pending.Count.ToString(CultureInfo.InvariantCulture)), Fact("migrateOn", machine.Name) }, token).ConfigureAwait(false);
                if (!c.Options.AllowIrreversible)
                {
                    PendingMigrationCheck.EnsureReversible(pending);
                }

                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        private async Task SmokeCheckAsync(Context c, CancellationToken cancellationToken)
        {
            if (c.Record.HasDone(ReleaseSteps.SmokeCheck))
            {
                return;
            }

            Phase(c, ReleaseSteps.SmokeCheck, 45);
            await StepAsync(c, ReleaseSteps.SmokeCheck, c.Options.SkipSmokeCheck ? "skipped (-SkipSmokeCheck)" : string.Join(" ", Config.Smoke.Paths), async token =>
            {
                if (c.Options.SkipSmokeCheck)
                {
                    return StepOutcome.Skipped;
                }

                TrafficState state = await _machines.ReadTrafficAsync(token).ConfigureAwait(false);
                SmokeCheckReport report = await new PreviewSmokeCheck(Config.Smoke, _reporter).RunAsync(state, token).ConfigureAwait(false);
                _reporter.Verbose($"Smoke check passed: {string.Join(", ", report.Paths)}.");
                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        private async Task RunChecksAsync(Context c, string step, string phase, IReadOnlyList<ReleaseCheck> checks, CancellationToken cancellationToken)
        {
            // Checks given again (Resume-BgDeployment -BeforeSwitch) run again: time has passed since they last did.
            if (c.Record.HasDone(step) && checks.Count == 0)
            {
                return;
            }

            Phase(c, step, 50);
            await StepAsync(c, step, checks.Count == 0 ? "none given" : string.Join(", ", checks), async token =>
            {
                if (checks.Count == 0)
                {
                    return StepOutcome.Skipped;
                }

                string? failure = await RunCheckListAsync(c, phase, checks, token).ConfigureAwait(false);
                if (failure != null)
                {
                    throw new BlueGreenException("BeforeSwitchCheckFailed", FailureCategory.InvalidResult, failure + " Nothing was switched.", phase);
                }

                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs the checks in order; the first failure (false, a reason, or a throw) is returned, null when all pass.</summary>
        private async Task<string?> RunCheckListAsync(Context c, string phase, IReadOnlyList<ReleaseCheck> checks, CancellationToken cancellationToken)
        {
            if (checks.Count == 0)
            {
                return null;
            }

            TrafficState state = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            Uri? site = Config.Smoke.BaseUrl;
            string headerValue = "1";
            string? host = null;
            try
            {
                PreviewEndpoint endpoint = PreviewEndpoint.From(state, state.LoadBalancerDnsName, Config.Smoke.BaseUrl);
                site = endpoint.BaseAddress;
                headerValue = endpoint.HeaderValue;
                host = endpoint.Host;
            }
            catch (BlueGreenException)
            {
                // No preview route: the checks get no preview URL.
            }

            Uri? preview = phase == "BeforeSwitch" ? site : null;
            var context = new ReleaseCheckContext(phase, c.Record, c.NewMachines, state.Group(c.ToArn), state.Group(c.FromArn), state.LoadBalancerDnsName, preview, site, host) { PreviewHeaderValue = headerValue };
            foreach (ReleaseCheck check in checks)
            {
                string? why;
                try
                {
                    why = await check.Run(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C stops a running scriptblock with PipelineStoppedException: a stop, not a failed check.
                    throw new OperationCanceledException("Stopped while a check ran.", ex, cancellationToken);
                }
                catch (Exception ex)
                {
                    why = "it threw: " + FirstLine(ex.Message);
                }

                if (why != null)
                {
                    return $"The {phase} check {check.Name} failed: {why}.";
                }

                _reporter.Verbose($"{phase} check {check.Name} passed.");
            }

            return null;
        }

        /// <summary>Maintenance, migrate, the switch (or the canary and the rest); returns why it degraded during a canary, else null.</summary>
        private async Task<string?> MigrateAndSwitchAsync(Context c, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            bool canary = c.Options.CanaryWeight > 0;
            string firstShift = canary ? ReleaseSteps.SwitchCanary : ReleaseSteps.SwitchTraffic;
            bool needMaintenance = c.Options.Maintenance == MaintenancePolicy.Always || (c.Options.Maintenance == MaintenancePolicy.Auto && c.Pending != 0);
            bool windowOpen = needMaintenance && !c.Done(ReleaseSteps.MaintenanceOff) && !c.Done(firstShift);
            if (windowOpen)
            {
                Phase(c, ReleaseSteps.MaintenanceOn, 55);
                await MaintenanceOnStepAsync(c, $"{_maintenance.Mode}", cancellationToken).ConfigureAwait(false);
            }

            if (!c.Done(ReleaseSteps.Migrate))
            {
                Phase(c, ReleaseSteps.Migrate, 60);
                await MigrateAsync(c, cancellationToken).ConfigureAwait(false);
            }

            if (!c.Done(firstShift))
            {
                Phase(c, firstShift, 65);
                await StepAsync(c, firstShift, canary ? $"{c.Options.CanaryWeight}% to the new release" : "100% to the new release", async token =>
                {
                    await SwitchToNewAsync(c, canary ? c.Options.CanaryWeight : 100, token).ConfigureAwait(false);
                    return StepOutcome.Succeeded;
                }, cancellationToken).ConfigureAwait(false);
                if (!canary)
                {
                    await c.Journal.SetFactsAsync(new[] { Fact("switchedAt", _clock().ToString("o", CultureInfo.InvariantCulture)) }, CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (c.MaintenanceMayBeOn && !c.Done(ReleaseSteps.MaintenanceOff))
            {
                Phase(c, ReleaseSteps.MaintenanceOff, 70);
                await MaintenanceOffStepAsync(c, ReleaseSteps.MaintenanceOff, $"{_maintenance.Mode}", cancellationToken).ConfigureAwait(false);
            }

            if (!canary)
            {
                return null;
            }

            if (!c.Done(ReleaseSteps.WatchCanary))
            {
                Phase(c, ReleaseSteps.WatchCanary, 75);
                string? degraded = null;
                await StepAsync(c, ReleaseSteps.WatchCanary, $"{c.Options.CanaryDuration} at {c.Options.CanaryWeight}%", async token =>
                {
                    degraded = await WatchAsync(c, "Canary", c.Options.CanaryDuration, afterSwitch, token).ConfigureAwait(false);
                    if (degraded != null)
                    {
                        throw new BlueGreenException("CanaryDegraded", FailureCategory.InvalidResult, degraded, c.ToArn);
                    }

                    return StepOutcome.Succeeded;
                }, cancellationToken, rethrowIf: ex => !(ex is BlueGreenException bg && bg.ErrorId == "CanaryDegraded")).ConfigureAwait(false);
                if (degraded != null)
                {
                    return "The canary degraded: " + degraded;
                }
            }

            if (!c.Done(ReleaseSteps.SwitchTraffic))
            {
                Phase(c, ReleaseSteps.SwitchTraffic, 80);
                await StepAsync(c, ReleaseSteps.SwitchTraffic, "the rest to the new release", async token =>
                {
                    await SwitchToNewAsync(c, 100, token).ConfigureAwait(false);
                    return StepOutcome.Succeeded;
                }, cancellationToken).ConfigureAwait(false);
                await c.Journal.SetFactsAsync(new[] { Fact("switchedAt", _clock().ToString("o", CultureInfo.InvariantCulture)) }, CancellationToken.None).ConfigureAwait(false);
            }

            return null;
        }

        private async Task MigrateAsync(Context c, CancellationToken cancellationToken)
        {
            Machine machine = c.NewMachines.FirstOrDefault(m => m.Name == c.MigrateOn) ?? c.NewMachines[0];
            await StepAsync(c, ReleaseSteps.Migrate, c.Pending == 0 ? "no migration pending" : $"on {machine.Name}", async token =>
            {
                if (c.Pending == 0)
                {
                    return StepOutcome.Skipped;
                }

                ManageCommand command = await ManageOnAsync(machine, token).ConfigureAwait(false);
                CommandRequest request = command.CreateRequest(new[] { "migrate", "--noinput" });
                request.ThrowOnNonZeroExit = false;
                _reporter.Verbose($"Running {request.DisplayText}.");
                // Not cancelled once begun: killing the docker client would leave migrate running in the container,
                // unrecorded, while maintenance goes off. CommandTimeoutSeconds bounds it; Ctrl+C takes effect after.
                CommandResult result = await _machines.Runner.RunAsync(request, CancellationToken.None).ConfigureAwait(false);
                var applied = result.StandardOutput.Select(l => AppliedLine.Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value + "." + m.Groups[2].Value).ToList();
                string output = string.Join("\n", result.StandardOutput) + (string.IsNullOrWhiteSpace(result.StandardError) ? string.Empty : "\n" + result.StandardError.Trim());
                // Recorded whatever happened: a migrate that failed half-way applied some.
                await c.Journal.RecordMigrationsAsync(applied, CancellationToken.None).ConfigureAwait(false);
                await c.Journal.WriteOutputAsync("migrate", output, CancellationToken.None).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    throw new CommandFailedException(result);
                }

                _reporter.Verbose($"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Watches the new group (and runs the checks) for <paramref name="duration"/>; returns why it degraded, or null.</summary>
        private async Task<string?> WatchAsync(Context c, string phase, TimeSpan duration, IReadOnlyList<ReleaseCheck> checks, CancellationToken cancellationToken)
        {
            DateTime end = _clock() + duration;
            int activity = ProgressActivityId + 1;
            try
            {
                while (true)
                {
                    TrafficState state = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
                    ProjectTargetGroup group = state.Group(c.ToArn);
                    List<TargetStatus> bad = group.Targets.Where(t => !t.IsHealthy).ToList();
                    if (group.HealthyCount == 0 || bad.Count > 0)
                    {
                        return $"{group.Name} has {group.HealthyCount} healthy of {group.TargetCount} target(s)" +
                            (bad.Count > 0 ? ": " + string.Join(", ", bad.Select(t => t.Id + " " + t.State + (t.Reason != null ? " (" + t.Reason + ")" : string.Empty))) : string.Empty) + ".";
                    }

                    string? failed = await RunCheckListAsync(c, phase, checks, cancellationToken).ConfigureAwait(false);
                    if (failed != null)
                    {
                        return failed;
                    }

                    TimeSpan left = end - _clock();
                    if (left <= TimeSpan.Zero)
                    {
                        _reporter.Verbose($"{phase}: {group.Name} stayed healthy for {duration}.");
                        return null;
                    }

                    int percent = duration <= TimeSpan.Zero ? 100 : (int)Math.Min(99, 100 * (1 - (left.TotalSeconds / duration.TotalSeconds)));
                    _reporter.Progress(new ProgressUpdate(activity, $"{phase}: watching {group.Name}", $"{group.HealthyCount}/{group.TargetCount} healthy, {left.TotalSeconds:0} s left", percent, ProgressActivityId));
                    await _delay(Min(left, c.Options.CheckInterval), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _reporter.Complete(activity);
            }
        }

        private async Task<string?> BakeAsync(Context c, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            if (c.Done(ReleaseSteps.Bake))
            {
                return null;
            }

            Phase(c, ReleaseSteps.Bake, 85);
            string? degraded = null;
            await StepAsync(c, ReleaseSteps.Bake, c.Options.BakeTime > TimeSpan.Zero ? c.Options.BakeTime.ToString() : "no bake time", async token =>
            {
                if (c.Options.BakeTime <= TimeSpan.Zero && afterSwitch.Count == 0)
                {
                    return StepOutcome.Skipped;
                }

                degraded = await WatchAsync(c, "Bake", c.Options.BakeTime, afterSwitch, token).ConfigureAwait(false);
                if (degraded != null)
                {
                    throw new BlueGreenException("BakeDegraded", FailureCategory.InvalidResult, degraded, c.ToArn);
                }

                return StepOutcome.Succeeded;
            }, cancellationToken, rethrowIf: ex => !(ex is BlueGreenException bg && bg.ErrorId == "BakeDegraded")).ConfigureAwait(false);
            return degraded == null ? null : "The bake failed: " + degraded;
        }

        /// <summary>
        /// Traffic back to the old release after a failed canary or bake; the migrations too when the project opts in
        /// (Deployment.RevertMigrationsOnRollback). Ends RolledBack (lock released) and throws DeploymentRolledBack.
        /// </summary>
        private async Task<DeploymentRecord> RollBackAfterDegradationAsync(Context c, string why, CancellationToken cancellationToken)
        {
            _reporter.Warning(why + " Sending traffic back to the old release.");
            Phase(c, ReleaseSteps.RollBackTraffic, 90);
            // Not cancellable: a degraded release must not keep the traffic because someone pressed Ctrl+C. Every call
            // in it has its own bound (AWS timeouts, CommandTimeoutSeconds for the revert, the maintenance calls').
            CancellationToken token = CancellationToken.None;
            await c.Journal.SetFactsAsync(new[] { Fact("undoing", "1") }, token).ConfigureAwait(false);
            await StepAsync(c, ReleaseSteps.RollBackTraffic, "automatic, after: " + why, async t =>
            {
                await SwitchToOldAsync(c, t).ConfigureAwait(false);
                return StepOutcome.Succeeded;
            }, token).ConfigureAwait(false);

            IReadOnlyList<string> applied = c.Record.MigrationsApplied;
            bool reverted = !c.MayHaveMigrated;
            string migrations = string.Empty;
            if (c.MayHaveMigrated && c.Options.RevertMigrationsOnRollback)
            {
                await RevertWithMaintenanceAsync(c, ApproveAll.Instance, null, token).ConfigureAwait(false);
                reverted = true;
                migrations = $" The {applied.Count} migration(s) it applied were reverted (RevertMigrationsOnRollback).";
            }
            else if (c.MayHaveMigrated)
            {
                migrations = $" The {applied.Count} migration(s) it applied ({string.Join(", ", applied)}) are still applied: the old release runs on the new schema. " +
                    $"Revert them with Undo-BgDeployment -Id {c.Run.Id} (or set Deployment.RevertMigrationsOnRollback to have it done automatically).";
            }

            await c.Journal.SetFactsAsync(new[] { Fact("migrationsReverted", reverted ? "1" : "0") }, token).ConfigureAwait(false);
            string where = await DescribeTrafficAsync(c).ConfigureAwait(false);
            DeploymentRecord record = await c.Run.SucceedAsync(DeploymentStatus.RolledBack, token).ConfigureAwait(false);
            throw new DeploymentFailedException("DeploymentRolledBack", FailureCategory.InvalidResult,
                $"Deployment {c.Run.Id} ({c.Options.Release}) was rolled back: {why} {where}{migrations} " +
                $"The new machines are kept in the idle group for a look; Undo-BgDeployment -Id {c.Run.Id} removes them.",
                record, null);
        }

        // ------------------------------------------------------------------------------------------------ undo

        /// <summary>
        /// Takes a deployment back: maintenance on when migrations must be reverted, the new release's migrations
        /// reverted on a new machine (each step approved), traffic back to the old machines (verified), maintenance
        /// off, the new machines removed (unless <paramref name="keepNewMachines"/>). Refused, changing nothing, when
        /// the old machines are gone or not healthy.
        /// </summary>
        public async Task<DeploymentRecord> UndoAsync(string? id, bool force, bool keepNewMachines, IChangeApproval approval, Action<MigrationUndoStepResult>? reverted, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            ReleaseOptions options = ReleaseOptions.FromFacts(record);
            var probe = new Context(null, options, record.Facts, record);
            _machines.IncomingHint = probe.ToArn;
            if (record.Status == DeploymentStatus.Completed)
            {
                throw await OldMachinesGoneAsync(record, "its old machines were removed by Complete-BgDeployment", cancellationToken).ConfigureAwait(false);
            }

            // Possibly applied (a migrate cut off leaves no list), the revert diffs the real database anyway.
            bool migrationsLeft = probe.MayHaveMigrated && !(record.Facts.TryGetValue("migrationsReverted", out string? r) && r == "1");
            IReadOnlyList<string> newer = (await _state.History.ListIdsAsync(cancellationToken).ConfigureAwait(false)).Where(other => string.CompareOrdinal(other, record.Id) > 0).ToList();
            if (newer.Count > 0)
            {
                throw new BlueGreenException("NotLatestDeployment", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} is not the latest ({string.Join(", ", newer)} came after it): its old machines are not what the load balancer would go back to. Undo the latest first. Nothing was changed.", record);
            }

            if (record.Status == DeploymentStatus.RolledBack && !migrationsLeft && (keepNewMachines || (await ExistingNewMachinesAsync(probe, cancellationToken, everyTried: true).ConfigureAwait(false)).Count == 0))
            {
                throw new BlueGreenException("NothingToUndo", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) is already rolled back: traffic is on the old release, its migrations are reverted and its new machines are gone.", record);
            }

            // Read-only checks first: a refused undo changes nothing, not even the lock.
            TrafficState traffic = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            ProjectTargetGroup oldGroup = traffic.Group(probe.FromArn);
            if (oldGroup.TargetCount == 0)
            {
                throw await OldMachinesGoneAsync(record, $"the old group {oldGroup.Name} has no machine", cancellationToken).ConfigureAwait(false);
            }

            bool trafficOnOld = !traffic.IsSplit && traffic.Live.Arn == probe.FromArn;
            if (oldGroup.HealthyCount < oldGroup.TargetCount && !trafficOnOld)
            {
                throw new BlueGreenException("OldMachinesUnhealthy", FailureCategory.ResourceUnavailable,
                    $"Only {oldGroup.HealthyCount} of the {oldGroup.TargetCount} old machine(s) in {oldGroup.Name} are healthy ({string.Join(", ", oldGroup.Targets)}), so sending the traffic back could take the site down. " +
                    "Nothing was changed. Fix or replace them (Get-BgMachine -Role Idle), then run Undo-BgDeployment again.",
                    oldGroup);
            }

            DeploymentRun run = await _state.ContinueAsync(record.Id, "Undo-BgDeployment", force, cancellationToken).ConfigureAwait(false);
            var c = new Context(run, options, run.Journal.Facts) { Resuming = true };
            try
            {
                await c.Journal.SetFactsAsync(new[] { Fact("undoing", "1") }, cancellationToken).ConfigureAwait(false);
                c.NewMachines = await ExistingNewMachinesAsync(c, cancellationToken, everyTried: true).ConfigureAwait(false);
                bool useMaintenance = options.Maintenance != MaintenancePolicy.Never;
                if (migrationsLeft)
                {
                    if (c.NewMachines.Count == 0)
                    {
                        throw new BlueGreenException("MigrationsNotRevertable", FailureCategory.InvalidOperation,
                            $"Deployment {record.Id} applied {string.Join(", ", record.MigrationsApplied)}, but none of its new machines is left to revert them from (the new release's code has the reverse operations). " +
                            "Launch one of the new release (New-BgMachine -TargetGroup None) and revert with Get-BgMigrationDiff | Undo-BgMigration.", record);
                    }

                    if (useMaintenance)
                    {
                        await RevertWithMaintenanceAsync(c, approval, reverted, cancellationToken, switchBackInside: true).ConfigureAwait(false);
                    }
                    else
                    {
                        await RollBackTrafficStepAsync(c, cancellationToken).ConfigureAwait(false);
                        await RevertStepAsync(c, approval, reverted, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await RollBackTrafficStepAsync(c, cancellationToken).ConfigureAwait(false);
                    if (c.MaintenanceMayBeOn)
                    {
                        // A crashed run left the window open.
                        await MaintenanceOffStepAsync(c, ReleaseSteps.MaintenanceOff, "left on by the deployment", cancellationToken).ConfigureAwait(false);
                    }
                }

                if (!keepNewMachines && c.NewMachines.Count > 0)
                {
                    Phase(c, ReleaseSteps.RemoveNewMachines, 90);
                    await RemoveNewMachinesAsync(c, approval, cancellationToken).ConfigureAwait(false);
                }

                await c.Journal.SetFactsAsync(new[] { Fact("migrationsReverted", "1") }, cancellationToken).ConfigureAwait(false);
                return await c.Run.SucceedAsync(DeploymentStatus.RolledBack, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is DeploymentFailedException))
            {
                throw await FailAsync(c, ex, cancellationToken, undoing: true).ConfigureAwait(false);
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }

        private async Task RevertWithMaintenanceAsync(Context c, IChangeApproval approval, Action<MigrationUndoStepResult>? reverted, CancellationToken cancellationToken, bool switchBackInside = false)
        {
            bool useMaintenance = c.Options.Maintenance != MaintenancePolicy.Never;
            if (useMaintenance)
            {
                Phase(c, ReleaseSteps.MaintenanceOn, 60);
                await MaintenanceOnStepAsync(c, "to revert migrations", cancellationToken).ConfigureAwait(false);
            }

            await RevertStepAsync(c, approval, reverted, cancellationToken).ConfigureAwait(false);
            if (switchBackInside)
            {
                await RollBackTrafficStepAsync(c, cancellationToken).ConfigureAwait(false);
            }

            if (useMaintenance)
            {
                Phase(c, ReleaseSteps.MaintenanceOff, 85);
                await MaintenanceOffStepAsync(c, ReleaseSteps.MaintenanceOff, "after the revert", cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task RevertStepAsync(Context c, IChangeApproval approval, Action<MigrationUndoStepResult>? reverted, CancellationToken cancellationToken)
        {
            Phase(c, ReleaseSteps.RevertMigrations, 70);
            IReadOnlyList<Machine> news = c.NewMachines.Count > 0 ? c.NewMachines : await ExistingNewMachinesAsync(c, cancellationToken).ConfigureAwait(false);
            Machine newMachine = news.FirstOrDefault(m => m.Name == c.MigrateOn) ?? news.First();
            await StepAsync(c, ReleaseSteps.RevertMigrations, $"on {newMachine.Name}", async token =>
            {
                IReadOnlyList<Machine> inventory = await _machines.ListAsync(true, token).ConfigureAwait(false);
                Machine oldMachine = inventory.Where(m => m.TargetGroupArn == c.FromArn).OrderByDescending(m => m.IsHealthy).FirstOrDefault()
                    ?? throw new BlueGreenException("OldMachinesGone", FailureCategory.ObjectNotFound, "No old machine is left to read the old release's migrations from.", c.FromArn);
                ManageCommand oldCommand = await ManageOnAsync(oldMachine, token).ConfigureAwait(false);
                ManageCommand newCommand = await ManageOnAsync(newMachine, token).ConfigureAwait(false);
                IReadOnlyList<MigrationDiff> diffs = await new MigrationDiffReader(_manage, _reporter).ReadAsync(oldCommand, newCommand, token).ConfigureAwait(false);
                MigrationDiff? blocked = diffs.FirstOrDefault(d => d.RevertBlockedReason != null && d.OldState != MigrationState.Applied);
                if (blocked != null)
                {
                    throw new BlueGreenException("RevertBlocked", FailureCategory.InvalidOperation, blocked.RevertBlockedReason + " Traffic was not switched back.", blocked.Key.ToString());
                }

                var requests = diffs.Where(d => !string.IsNullOrEmpty(d.RevertTarget)).Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToList();
                if (requests.Count == 0)
                {
                    _reporter.Verbose("The database already matches the old release's migrations.");
                    return StepOutcome.Skipped;
                }

                IReadOnlyList<MigrationUndoStepResult> results = await new MigrationUndo(_manage, approval, _reporter).RunAsync(requests, newCommand, token, reverted, newMachine.Name).ConfigureAwait(false);
                await c.Journal.WriteOutputAsync("revert", string.Join("\n", results.Select(x => x.ToString())), CancellationToken.None).ConfigureAwait(false);
                IReadOnlyList<MigrationDiff> after = await new MigrationDiffReader(_manage, _reporter).ReadAsync(oldCommand, newCommand, token).ConfigureAwait(false);
                List<MigrationDiff> left = after.Where(d => d.NeedsUndo).ToList();
                if (left.Count > 0)
                {
                    throw new BlueGreenException("MigrationsNotReverted", FailureCategory.InvalidResult,
                        $"{left.Count} migration(s) of the new release are still applied after the revert ({string.Join(", ", left.Select(d => d.Key))}): a step was declined or did not take. Traffic was not switched back.",
                        left[0].Key.ToString());
                }

                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        private async Task RollBackTrafficStepAsync(Context c, CancellationToken cancellationToken)
        {
            Phase(c, ReleaseSteps.RollBackTraffic, 80);
            await StepAsync(c, ReleaseSteps.RollBackTraffic, "to the old release", async token =>
                await SwitchToOldAsync(c, token).ConfigureAwait(false) ? StepOutcome.Succeeded : StepOutcome.Skipped, cancellationToken).ConfigureAwait(false);
        }

        private Task RemoveNewMachinesAsync(Context c, IChangeApproval approval, CancellationToken cancellationToken) =>
            RemoveMachinesStepAsync(c, ReleaseSteps.RemoveNewMachines, c.Tried, "new", approval, cancellationToken);

        /// <summary>
        /// Deregisters, drains and removes those of <paramref name="names"/> still running, with Remove-BgMachine's guards
        /// and one approval each, as one journal step; the removed ones are recorded before any failure is thrown.
        /// </summary>
        private async Task RemoveMachinesStepAsync(Context c, string step, IReadOnlyCollection<string> names, string which, IChangeApproval approval, CancellationToken cancellationToken)
        {
            await StepAsync(c, step, string.Join(" ", names), async token =>
            {
                IReadOnlyList<Machine> inventory = await _machines.ListAsync(true, token).ConfigureAwait(false);
                var wanted = new HashSet<string>(names, StringComparer.Ordinal);
                List<string> running = inventory.Where(m => wanted.Contains(m.Name)).Select(m => m.Name).ToList();
                if (running.Count == 0)
                {
                    return StepOutcome.Skipped;
                }

                var remover = new MachineRemover(_machines.Provider, _machines.Membership, _reporter) { DrainTimeout = c.Options.DrainTimeout };
                MachineRemovalReport report = await remover.RemoveAsync(inventory, running, false, approval, token).ConfigureAwait(false);
                await c.Journal.RecordMachinesAsync(MachineDisposition.Removed, report.Removed.Select(m => new DeploymentMachine(m.Name, m.InstanceId)), CancellationToken.None).ConfigureAwait(false);
                if (report.Failures.Count > 0)
                {
                    throw new BlueGreenException("RemoveFailed", report.Failures[0].Category,
                        $"{report.Failures.Count} {which} machine(s) were not removed: {string.Join("; ", report.Failures.Select(f => FirstLine(f.Message)))}", report.Failures[0].Target);
                }

                return report.Removed.Count == 0 ? StepOutcome.Skipped : StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        // ------------------------------------------------------------------------------------------------ complete

        /// <summary>
        /// Drains and removes the old release's machines of a Succeeded deployment, with Remove-BgMachine's guards and
        /// one approval per machine. Refused before the bake time since the switch has passed, unless <paramref name="force"/>.
        /// </summary>
        public async Task<DeploymentRecord> CompleteAsync(string? id, bool force, IChangeApproval approval, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (record.Status != DeploymentStatus.Succeeded)
            {
                string why = record.Status switch
                {
                    DeploymentStatus.Completed => "it is Completed already: its old machines are gone",
                    DeploymentStatus.Ready => "it is Ready, paused before the switch: Resume-BgDeployment switches it",
                    DeploymentStatus.RolledBack => "it was rolled back: the old release is live, and Undo-BgDeployment removes the new machines",
                    _ => $"it is {record.Status}: Resume-BgDeployment finishes it, or Undo-BgDeployment takes it back",
                };
                throw new BlueGreenException("DeploymentNotSucceeded", FailureCategory.InvalidOperation, $"Deployment {record.Id} ({record.Release}) cannot be completed: {why}. Nothing was changed.", record);
            }

            ReleaseOptions options = ReleaseOptions.FromFacts(record);
            DateTime? switched = record.Facts.TryGetValue("switchedAt", out string? at) && DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed)
                ? parsed
                : record.FindStep(ReleaseSteps.SwitchTraffic)?.EndedAt;
            if (switched is DateTime switchedAt)
            {
                // The project's bake time holds even for a deployment started with a shorter -BakeTime.
                TimeSpan bake = options.BakeTime > Config.Deployment.BakeTime ? options.BakeTime : Config.Deployment.BakeTime;
                TimeSpan left = switchedAt.ToUniversalTime() + bake - _clock();
                if (left > TimeSpan.Zero && !force)
                {
                    throw new BlueGreenException("BakeTimeNotOver", FailureCategory.InvalidOperation,
                        $"Deployment {record.Id} switched at {switchedAt:u} and bakes for {bake}: {Math.Ceiling(left.TotalSeconds)} s are left, during which Undo-BgDeployment needs the old machines. " +
                        "Nothing was changed. Run again later, or pass -Force to remove them now.", record);
                }
            }

            DeploymentRun run = await _state.ContinueAsync(record.Id, "Complete-BgDeployment", false, cancellationToken).ConfigureAwait(false);
            var c = new Context(run, options, run.Journal.Facts);
            try
            {
                await RemoveMachinesStepAsync(c, ReleaseSteps.RemoveOldMachines, record.MachinesKept.Select(m => m.Name).ToList(), "old", approval, cancellationToken).ConfigureAwait(false);
                bool allGone = (await _machines.ListAsync(false, cancellationToken).ConfigureAwait(false)).All(m => !record.MachinesKept.Any(k => k.Name == m.Name));
                return await c.Run.SucceedAsync(allGone ? DeploymentStatus.Completed : DeploymentStatus.Succeeded, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The release itself stands: record it Succeeded again (lock released) and report what was not removed.
                try
                {
                    await c.Run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The lock stays; the error below says so.
                }

                bool stopped = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
                throw new DeploymentFailedException(stopped ? "DeploymentStopped" : ex is BlueGreenException bg ? bg.ErrorId : "CompleteFailed",
                    stopped ? FailureCategory.OperationStopped : ex is BlueGreenException b ? b.Category : FailureCategory.NotSpecified,
                    $"Completing deployment {record.Id} {(stopped ? "was stopped" : "failed: " + FirstLine(ex.Message))} The new release stays live; run Complete-BgDeployment again to remove what is left.",
                    c.Record, ex);
            }
        }

        // ------------------------------------------------------------------------------------------------ helpers

        /// <summary>Deployment <paramref name="id"/>, or the latest when null; DeploymentNotFound / NoDeployment otherwise.</summary>
        public async Task<DeploymentRecord> FindAsync(string? id, CancellationToken cancellationToken)
        {
            if (id != null)
            {
                return await _state.History.GetAsync(DeploymentIdentifier.Require(id), cancellationToken).ConfigureAwait(false)
                    ?? throw new BlueGreenException("DeploymentNotFound", FailureCategory.ObjectNotFound,
                        $"Project '{Config.Project}' has no deployment {id}. Get-BgDeployment lists the recorded ones.", id);
            }

            IReadOnlyList<DeploymentRecord> latest = await _state.History.ListAsync(1, cancellationToken).ConfigureAwait(false);
            return latest.Count > 0 ? latest[0] : throw new BlueGreenException("NoDeployment", FailureCategory.ObjectNotFound,
                $"Project '{Config.Project}' has no recorded deployment. Start one with Start-BgDeployment.", Config.Project);
        }

        private async Task<BlueGreenException> OldMachinesGoneAsync(DeploymentRecord record, string why, CancellationToken cancellationToken)
        {
            IReadOnlyList<DeploymentRecord> all = await _state.History.ListAsync(null, cancellationToken).ConfigureAwait(false);
            DeploymentRecord? previous = all.Where(d => string.CompareOrdinal(d.Id, record.Id) < 0 && (d.Status == DeploymentStatus.Succeeded || d.Status == DeploymentStatus.Completed)).FirstOrDefault();
            string redeploy = previous != null
                ? $"To go back, redeploy the previous release: check out {previous.Release} and run Start-BgDeployment -Release {previous.Release}."
                : "To go back, redeploy the previous release with Start-BgDeployment -Release <it>.";
            return new BlueGreenException("OldMachinesGone", FailureCategory.InvalidOperation,
                $"Deployment {record.Id} ({record.Release}) cannot be undone: {why}. Nothing was changed. {redeploy}", record);
        }

        private async Task<IReadOnlyList<Machine>> FindNewMachinesAsync(Context c, CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> found = await ExistingNewMachinesAsync(c, cancellationToken).ConfigureAwait(false);
            if (found.Count == 0)
            {
                throw new BlueGreenException("NewMachinesGone", FailureCategory.ObjectNotFound,
                    $"None of the deployment's new machines ({string.Join(", ", c.Names)}) is running. Undo-BgDeployment -Id {c.Id} records it as taken back; then start again.", c.Id);
            }

            return found;
        }

        /// <summary>The deployment's new machines still running: those it counts on, or with <paramref name="everyTried"/> every name it launched under.</summary>
        private async Task<IReadOnlyList<Machine>> ExistingNewMachinesAsync(Context c, CancellationToken cancellationToken, bool everyTried = false)
        {
            var planned = new HashSet<string>(everyTried ? c.Tried : c.Names, StringComparer.Ordinal);
            return (await _machines.ListAsync(true, cancellationToken).ConfigureAwait(false)).Where(m => planned.Contains(m.Name)).ToList();
        }

        private async Task<ManageCommand> ManageOnAsync(Machine machine, CancellationToken cancellationToken)
        {
            return await _machines.Application.ManageCommandAsync(machine.Instance, _machines.Manage.DefaultMode, cancellationToken).ConfigureAwait(false);
        }


        /// <summary>Moves <paramref name="percent"/> of every route to the new group (verified by the switcher).</summary>
        private async Task SwitchToNewAsync(Context c, int percent, CancellationToken cancellationToken)
        {
            TrafficState state = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            if (!state.IsSplit && state.Live.Arn == c.ToArn)
            {
                _reporter.Verbose($"{state.Live.Name} is live already.");
                return;
            }

            if (state.Idle.Arn != c.ToArn)
            {
                throw TrafficMoved(c, state);
            }

            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, percent);
            await new TargetGroupSwitcher(_machines.ElasticLoadBalancing, _reporter)
                .ExecuteAsync(plan, ApproveAll.Instance, false, _machines.ReadTrafficAsync, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every route back to the old group; false when it was there already.</summary>
        private async Task<bool> SwitchToOldAsync(Context c, CancellationToken cancellationToken)
        {
            TrafficState state = await _machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
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

            await new TargetGroupSwitcher(_machines.ElasticLoadBalancing, _reporter)
                .ExecuteAsync(plan, ApproveAll.Instance, false, _machines.ReadTrafficAsync, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private static BlueGreenException TrafficMoved(Context c, TrafficState state) =>
            new BlueGreenException("TrafficMoved", FailureCategory.InvalidOperation,
                $"The load balancer no longer looks as deployment {c.Id} left it (live: {state.Live.Name}, idle: {state.Idle.Name}): someone switched traffic meanwhile. Inspect it with Get-BgTargetGroup.",
                state.Live);

        private async Task DisableMaintenanceAsync(Context c)
        {
            // Not cancellable, and tried three times: maintenance must not stay on.
            Exception? last = null;
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(CleanupTimeout);
                    MaintenanceReport report = await _maintenance.DisableAsync(timeout.Token).ConfigureAwait(false);
                    _reporter.Verbose($"Maintenance off: {string.Join("; ", report.Changes)}.");
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
                    _reporter.Warning($"Turning maintenance off failed (attempt {attempt} of 3): {FirstLine(ex.Message)} Trying again.");
                    await Task.Delay(TimeSpan.FromSeconds(2 * attempt)).ConfigureAwait(false);
                }
            }

            throw last ?? new InvalidOperationException("unreachable");
        }

        /// <summary>
        /// Maintenance on as journal step MaintenanceOn: the window recorded open first, then the enable, which is not
        /// cancelled once begun (a cut-off enable could still land after the cleanup turned maintenance off).
        /// </summary>
        private async Task MaintenanceOnStepAsync(Context c, string detail, CancellationToken cancellationToken)
        {
            await c.Journal.BeginMaintenanceAsync(cancellationToken).ConfigureAwait(false);
            c.MaintenanceOn = true;
            await StepAsync(c, ReleaseSteps.MaintenanceOn, detail, async _ =>
            {
                MaintenanceReport report = await _maintenance.EnableAsync(CleanupToken()).ConfigureAwait(false);
                _reporter.Verbose($"Maintenance on: {string.Join("; ", report.Changes)}.");
                return StepOutcome.Succeeded;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Maintenance off as journal step <paramref name="name"/> (see <see cref="DisableMaintenanceAsync"/>).</summary>
        private Task MaintenanceOffStepAsync(Context c, string name, string detail, CancellationToken cancellationToken) =>
            StepAsync(c, name, detail, async _ =>
            {
                await DisableMaintenanceAsync(c).ConfigureAwait(false);
                return StepOutcome.Succeeded;
            }, cancellationToken);

        private async Task<string> TurnMaintenanceOffAfterFailureAsync(Context c)
        {
            try
            {
                if (c.Journal.IsBroken)
                {
                    await DisableMaintenanceAsync(c).ConfigureAwait(false);
                }
                else
                {
                    await MaintenanceOffStepAsync(c, ReleaseSteps.MaintenanceOffAfterFailure, $"{_maintenance.Mode}", CancellationToken.None).ConfigureAwait(false);
                }

                return "Maintenance is off.";
            }
            catch (Exception ex)
            {
                c.MaintenanceOn = true;
                return $"MAINTENANCE MAY STILL BE ON: turning it off failed ({FirstLine(ex.Message)}). Resume-BgDeployment or Undo-BgDeployment turns it off first; by hand: Invoke-BgManage maintenance_mode off on every machine, or delete the load balancer rule tagged {LoadBalancerMaintenanceMode.TagKey}.";
            }
        }

        private async Task<string> DescribeTrafficAsync(Context c)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                TrafficState state = await _machines.ReadTrafficAsync(timeout.Token).ConfigureAwait(false);
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

        private async Task GiveBackAsync(DeploymentRun run)
        {
            try
            {
                await _state.Locks.ReleaseAsync(run.Lock.LockId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _reporter.Warning($"The lock {run.Lock.LockId} could not be given back ({FirstLine(ex.Message)}); break it with Unlock-BgDeployment -LockId {run.Lock.LockId}.");
            }
        }

        /// <summary>
        /// One journal step: begun (persisted) before <paramref name="action"/> runs, ended with its outcome, or Failed
        /// (written even after Ctrl+C) before the exception goes on. <paramref name="rethrowIf"/> false keeps an
        /// expected failure (a degraded canary) from being rethrown once recorded.
        /// </summary>
        private async Task StepAsync(Context c, string name, string? detail, Func<CancellationToken, Task<StepOutcome>> action, CancellationToken cancellationToken,
            Func<Exception, bool>? rethrowIf = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DeploymentStep step = await c.Journal.BeginStepAsync(name, detail is { Length: > DeploymentTextLimits.StepDetail } ? detail.Substring(0, DeploymentTextLimits.StepDetail) : detail, cancellationToken).ConfigureAwait(false);
            StepOutcome outcome;
            try
            {
                outcome = await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is JournalWriteFailedException))
            {
                try
                {
                    await c.Journal.EndStepAsync(step, StepOutcome.Failed, ex is OperationCanceledException ? "Stopped (cancelled)." : ex.Message, CancellationToken.None).ConfigureAwait(false);
                }
                catch (JournalWriteFailedException)
                {
                    // The original failure is the one to report; the journal's is seen by the next write.
                }

                if (rethrowIf == null || rethrowIf(ex))
                {
                    throw;
                }

                return;
            }

            // The step took effect: record it even if Ctrl+C came meanwhile.
            await c.Journal.EndStepAsync(step, outcome, null, CancellationToken.None).ConfigureAwait(false);
        }

        private void Phase(Context c, string phase, int percent) =>
            _reporter.Progress(new ProgressUpdate(ProgressActivityId, $"Deploying {c.Options.Release} ({Config.Project})", phase, percent));

        private static CancellationToken CleanupToken() => new CancellationTokenSource(CleanupTimeout).Token;

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static KeyValuePair<string, string> Fact(string key, string value) => new KeyValuePair<string, string>(key, value);

        private static string FirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }

        /// <summary>One run of the engine over one deployment: its journal, options and what it learnt so far.</summary>
        private sealed class Context
        {
            private readonly DeploymentRecord? _record;

            internal Context(DeploymentRun? run, ReleaseOptions options, IReadOnlyDictionary<string, string> facts, DeploymentRecord? record = null)
            {
                Run = run!;
                _record = record;
                Options = options;
                FromArn = Get(facts, "from");
                ToArn = Get(facts, "to");
                Count = int.TryParse(Get(facts, "count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 0;
                Names = Split(Get(facts, "names"));
                OldNames = Split(Get(facts, "old"));
                Tried = Split(Get(facts, "tried")).Concat(Names).Distinct(StringComparer.Ordinal).ToList();
                if (FromArn.Length == 0 || ToArn.Length == 0)
                {
                    string id = run?.Id ?? record?.Id ?? "?";
                    throw new BlueGreenException("DeploymentNotResumable", FailureCategory.InvalidData,
                        $"Deployment {id} recorded no target groups (it was not started by Start-BgDeployment, or its journal is incomplete). Get-BgDeployment -Id {id} shows what it recorded.", id);
                }
            }

            public DeploymentRun Run { get; }

            public DeploymentJournal Journal => Run.Journal;

            public string Id => Run?.Id ?? _record?.Id ?? string.Empty;

            public DeploymentRecord Record => Run != null ? Run.Journal.Record : _record!;

            public ReleaseOptions Options { get; }

            public string FromArn { get; }

            public string ToArn { get; }

            public int Count { get; }

            public IReadOnlyList<string> Names { get; private set; }

            public IReadOnlyList<string> OldNames { get; }

            /// <summary>Pending migrations found by CheckMigrations; -1 when not read (unknown: treated as some).</summary>
            public int Pending => Record.Facts.TryGetValue("pending", out string? p) && int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : -1;

            /// <summary>The new machine migrations run on (the one CheckMigrations read).</summary>
            public string? MigrateOn => Record.Facts.TryGetValue("migrateOn", out string? m) ? m : null;

            public bool Resuming { get; set; }

            public IReadOnlyList<Machine> NewMachines { get; set; } = Array.Empty<Machine>();

            public bool MaintenanceOn { get; set; }

            /// <summary>This run turned maintenance on, or the journal says a window was opened and never closed.</summary>
            public bool MaintenanceMayBeOn => MaintenanceOn || (Record.MaintenanceStartedAt != null && (Record.MaintenanceEndedAt == null || Record.MaintenanceEndedAt < Record.MaintenanceStartedAt));

            /// <summary>
            /// Whether step <paramref name="name"/> succeeded (or was skipped) since traffic was last sent back to the
            /// old release: a canary taken back after a failure is shifted again on resume, its window reopened.
            /// </summary>
            public bool Done(string name)
            {
                IReadOnlyList<DeploymentStep> steps = Record.Steps;
                int last = LastIndex(steps, x => x.Name == name && (x.Outcome == StepOutcome.Succeeded || x.Outcome == StepOutcome.Skipped));
                // Migrations survive a traffic rollback, not a revert.
                int reset = name == ReleaseSteps.Migrate
                    ? LastIndex(steps, x => x.Name == ReleaseSteps.RevertMigrations)
                    : LastIndex(steps, IsRollback);
                return last >= 0 && last > reset;
            }

            /// <summary>A traffic shift was begun (maybe cut off): the pre-switch steps are over.</summary>
            public bool SwitchStarted => Record.Steps.Any(s => s.Name == ReleaseSteps.SwitchCanary || s.Name == ReleaseSteps.SwitchTraffic);

            public async Task SetNamesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
            {
                // Names is what the deployment counts on; every name ever tried stays in Names too (its tail), so
                // a machine a cut-off run launched but the provider did not list yet is never forgotten.
                List<string> all = names.Concat(Names.Where(n => !names.Contains(n))).ToList();
                await Journal.SetFactsAsync(new[] { Fact("names", string.Join(",", names)), Fact("tried", string.Join(",", all)) }, cancellationToken).ConfigureAwait(false);
                Names = names;
                Tried = all;
            }

            /// <summary>Every machine name this deployment ever launched under (Names and those given up on).</summary>
            public IReadOnlyList<string> Tried { get; private set; } = Array.Empty<string>();

            /// <summary>A Migrate step ran or was cut off (not skipped): migrations may have been applied, listed or not.</summary>
            public bool MayHaveMigrated => Record.MigrationsApplied.Count > 0 ||
                Record.Steps.Any(s => s.Name == ReleaseSteps.Migrate && s.Outcome != StepOutcome.Skipped);

            /// <summary>Whether a step named <paramref name="name"/> was begun (any outcome) since traffic last went back to the old release.</summary>
            public bool Begun(string name)
            {
                IReadOnlyList<DeploymentStep> steps = Record.Steps;
                return LastIndex(steps, x => x.Name == name) > LastIndex(steps, IsRollback);
            }

            private static bool IsRollback(DeploymentStep step) => step.Name == ReleaseSteps.RollBackTraffic && step.Outcome == StepOutcome.Succeeded;

            /// <summary>The index of the last step that matches, or -1.</summary>
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

            private static string Get(IReadOnlyDictionary<string, string> facts, string key) => facts.TryGetValue(key, out string? v) ? v : string.Empty;

            private static IReadOnlyList<string> Split(string value) => value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
