using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.Processes;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The whole release: Start (launch, health, migration check, smoke and user checks, optional pause, maintenance,
    /// migrate, switch or canary, bake), Resume, Undo and Complete, each under the project's lock and written ahead in
    /// the deployment's journal, so that a failure, a Ctrl+C or a killed process at any step leaves the site serving
    /// from healthy targets, maintenance off (kill -9 aside: then the journal says the window is open and Resume or
    /// Undo closes it first), every machine named in the journal, and a deployment that Resume-BgDeployment or
    /// Undo-BgDeployment can finish. The flows are lists of steps (<see cref="ReleaseFlows"/>, one class per step
    /// under Steps/) run by <see cref="ReleaseRunner"/>; these are the entry points. No PowerShell: the cmdlets are thin over it.
    /// </summary>
    public sealed class ReleaseEngine
    {
        /// <summary>Progress activity of the deployment's phases (machines and waits report under their own ids).</summary>
        public const int ProgressActivityId = 6000;

        private readonly ReleaseServices _release;
        private readonly ReleaseRunner _runner;
        private readonly ReleaseRefusals _refusals;

        /// <param name="cloudWatch">CloudWatch for the canary's and the bake's metric checks (Analysis section), made when first needed; null: they are not made.</param>
        public ReleaseEngine(MachineServices machines, DeploymentState state, IMaintenanceMode maintenance, IOperationReporter reporter,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTime>? clock = null, Func<BlueGreen.Aws.CloudWatch.ICloudWatch>? cloudWatch = null)
        {
            _release = new ReleaseServices(machines ?? throw new ArgumentNullException(nameof(machines)), state ?? throw new ArgumentNullException(nameof(state)),
                maintenance ?? throw new ArgumentNullException(nameof(maintenance)), reporter ?? NullOperationReporter.Instance,
                delay ?? ((t, c) => Task.Delay(t, c)), clock ?? (() => DateTime.UtcNow), cloudWatch);
            _runner = new ReleaseRunner(_release);
            _refusals = new ReleaseRefusals(_release);
        }

        /// <summary>
        /// What <see cref="StartAsync"/> would do, reading only: the same refusals, the machines, the routes, and the
        /// pending migrations when <paramref name="localRelease"/> (a local checkout of the new release) is given.
        /// </summary>
        public Task<DeploymentPlan> PlanAsync(ReleaseOptions options, ManageCommand? localRelease, CancellationToken cancellationToken) =>
            new ReleasePlanner(_release).PlanAsync(options, localRelease, cancellationToken);

        public async Task<DeploymentRecord> StartAsync(ReleaseOptions options, IReadOnlyList<ReleaseCheck> beforeSwitch, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            options.Validate();
            TrafficState traffic = await _release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            int count = ReleasePlanner.Preflight(traffic, options);
            IReadOnlyList<Machine> inventory = await _release.Machines.ListAsync(traffic, cancellationToken).ConfigureAwait(false);
            List<string> old = inventory.Where(m => m.TargetGroupArn == traffic.Live.Arn).Select(m => m.Name).ToList();
            var names = Enumerable.Range(0, count).Select(_ => MachineName.CreateUnique(_release.Config.Machines.Prefix)).ToList();
            var all = options.ToFacts().Concat(new DeploymentFacts { FromArn = traffic.Live.Arn, ToArn = traffic.Idle.Arn, Count = count, Names = names, Tried = names, OldNames = old }.ToFacts()).ToList();
            if (count > DeploymentJournal.MaxMachines)
            {
                // The journal pages any number of names (FactPages); the limit is ELBv2's default of targets per group.
                throw new BlueGreenException("TooManyMachines", FailureCategory.LimitsExceeded,
                    $"A deployment takes at most {DeploymentJournal.MaxMachines} machines (ELBv2's default limit of targets per target group), and {count} were asked for. " +
                    "Deploy with fewer machines (-Count). Nothing was changed.", count);
            }

            DeploymentRun run = await _release.State.StartAsync(new DeploymentStart
            {
                Operation = "Start-BgDeployment",
                Release = options.Release,
                FromColor = traffic.Live.Color ?? traffic.Live.Name,
                ToColor = traffic.Idle.Color ?? traffic.Idle.Name,
                Message = options.Message,
            }, cancellationToken, journal => journal.SetFactsAsync(all, cancellationToken)).ConfigureAwait(false);
            // The facts were written while the history was trimmed; had they failed, the lock was given back (nothing was done yet).
            _release.Reporter.Verbose($"Deployment {run.Id}: release {options.Release}, {count} machine(s) into {traffic.Idle.Name}, then {traffic.Live.Name} -> {traffic.Idle.Name}.");

            return await ReleaseAsync(new ReleaseContext(_release, run, options) { BeforeSwitch = beforeSwitch, AfterSwitch = afterSwitch, StartRead = (traffic, inventory) }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Goes on with a deployment that failed, was stopped, crashed (with <paramref name="force"/>) or paused Ready,
        /// from its first step not done, with the options it was started with.
        /// </summary>
        public async Task<DeploymentRecord> ResumeAsync(string? id, bool force, bool allowIrreversible, IReadOnlyList<ReleaseCheck> beforeSwitch, IReadOnlyList<ReleaseCheck> afterSwitch, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            ReleaseRefusals.EnsureResumable(record);
            ReleaseOptions options = ReleaseOptions.FromFacts(record);
            DeploymentRun run = await _release.State.ContinueAsync(record.Id, "Resume-BgDeployment", force, cancellationToken).ConfigureAwait(false);
            _release.Reporter.Verbose($"Resuming deployment {record.Id} ({record.Release}); done so far: {string.Join(", ", record.Steps.Where(s => s.Outcome != StepOutcome.Failed && s.Outcome != StepOutcome.Started).Select(s => s.Name).Distinct())}.");
            if (record.Status == DeploymentStatus.Ready)
            {
                options.StopBeforeSwitch = false;
            }

            if (allowIrreversible && !options.AllowIrreversible)
            {
                // Resuming a deployment stopped by its irreversible migrations, knowingly.
                options.AllowIrreversible = true;
                await run.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>("allowIrreversible", "1") }, cancellationToken).ConfigureAwait(false);
            }

            return await ReleaseAsync(new ReleaseContext(_release, run, options) { Resuming = true, BeforeSwitch = beforeSwitch, AfterSwitch = afterSwitch }, cancellationToken).ConfigureAwait(false);
        }

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
            var probe = new ReleaseContext(_release, null, options, record);
            _release.Machines.IncomingHint = probe.ToArn;
            // Possibly applied (a migrate cut off leaves no list), the revert diffs the real database anyway.
            bool migrationsLeft = probe.MigrationsLeft;
            await _refusals.EnsureUndoableAsync(probe, keepNewMachines, cancellationToken).ConfigureAwait(false);
            DeploymentRun run = await _release.State.ContinueAsync(record.Id, "Undo-BgDeployment", force, cancellationToken).ConfigureAwait(false);
            var c = new ReleaseContext(_release, run, options) { Resuming = true, Approval = approval, Reverted = reverted };
            try
            {
                await c.SetFactsAsync(f => f with { Undoing = true, UndoWhy = options.Rollback
                    ? MaintenanceDecision.ForUndoRollback(options.Maintenance, f, probe.MayHaveRevertedForRollback)
                    : MaintenanceDecision.ForUndo(options.Maintenance, f, migrationsLeft, probe.OnlyMigratedBeforeWindow) }, cancellationToken).ConfigureAwait(false);
                _release.Reporter.Verbose($"Undo: {c.Facts.UndoWhy}.");
                c.NewMachines = await c.ExistingNewMachinesAsync(cancellationToken, everyTried: true).ConfigureAwait(false);
                ReleaseRefusals.EnsureRevertable(record, migrationsLeft, c.NewMachines);

                await _runner.RunAsync(c, options.Rollback ? ReleaseFlows.UndoRollback(keepNewMachines) : ReleaseFlows.Undo(migrationsLeft, keepNewMachines), cancellationToken).ConfigureAwait(false);
                await c.SetFactsAsync(f => f with { MigrationsReverted = true }, cancellationToken).ConfigureAwait(false);
                return await c.Run.SucceedAsync(DeploymentStatus.RolledBack, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is DeploymentFailedException))
            {
                throw await _runner.FailAsync(c, ex, cancellationToken, undoing: true).ConfigureAwait(false);
            }
            finally
            {
                _release.Reporter.Complete(ProgressActivityId);
            }
        }

        /// <summary>
        /// Drains and removes the old release's machines of a Succeeded deployment, with Remove-BgMachine's guards and
        /// one approval per machine. Refused before the bake time since the switch has passed, unless <paramref name="force"/>.
        /// </summary>
        public async Task<DeploymentRecord> CompleteAsync(string? id, bool force, IChangeApproval approval, CancellationToken cancellationToken)
        {
            DeploymentRecord record = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            ReleaseOptions options = _refusals.EnsureCompletable(record, force);
            DeploymentRun run = await _release.State.ContinueAsync(record.Id, "Complete-BgDeployment", false, cancellationToken).ConfigureAwait(false);
            var c = new ReleaseContext(_release, run, options) { Approval = approval };
            try
            {
                await _runner.RunAsync(c, ReleaseFlows.Complete(), cancellationToken).ConfigureAwait(false);
                bool allGone = (await _release.Machines.ListAsync(false, cancellationToken).ConfigureAwait(false)).All(m => !record.MachinesKept.Any(k => k.Name == m.Name));
                return await c.Run.SucceedAsync(allGone ? DeploymentStatus.Completed : DeploymentStatus.Succeeded, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw await _refusals.CompleteFailedAsync(c, record, ex, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _release.Reporter.Complete(ProgressActivityId);
            }
        }

        /// <summary>Deployment <paramref name="id"/>, or the latest when null; DeploymentNotFound / NoDeployment otherwise.</summary>
        public Task<DeploymentRecord> FindAsync(string? id, CancellationToken cancellationToken) => _refusals.FindAsync(id, cancellationToken);
        /// <summary>Start and Resume: the release flow, then Succeeded (old machines kept), Ready (paused) or rolled back after a degradation.</summary>
        private async Task<DeploymentRecord> ReleaseAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            // Every read of the load balancer from here on (inventory, maintenance, checks) takes a switch of ours cut
            // off between listeners as moving towards the new group, instead of refusing it as MixedRoutes.
            _release.Machines.IncomingHint = c.ToArn;
            try
            {
                IReadOnlyList<ReleaseStep> flow = ReleaseFlows.Release(c.Options.CanaryWeights.Count, c.Options.Rollback);
                string? degraded = await _runner.RunAsync(c, flow, cancellationToken).ConfigureAwait(false);
                if (c.Stopped != null)
                {
                    return c.Stopped;
                }

                if (degraded != null)
                {
                    return await RollBackAfterDegradationAsync(c, degraded).ConfigureAwait(false);
                }

                // The old machines' ids: as Start-BgDeployment listed them (a deployment never removes an old machine,
                // and Complete-BgDeployment lists them again), or listed now when resuming.
                IReadOnlyList<Machine> inventory = c.StartRead?.Inventory ?? await _release.Machines.ListAsync(false, cancellationToken).ConfigureAwait(false);
                await c.Journal.RecordMachinesAsync(MachineDisposition.Kept,
                    c.Facts.OldNames.Select(n => new DeploymentMachine(n, inventory.FirstOrDefault(m => m.Name == n)?.InstanceId)), cancellationToken).ConfigureAwait(false);
                DeploymentRecord done = await c.Run.SucceedAsync(DeploymentStatus.Succeeded, cancellationToken).ConfigureAwait(false);
                _runner.Progress(c, "Done", flow.Count, flow.Count);
                return done;
            }
            catch (Exception ex) when (!(ex is DeploymentFailedException))
            {
                throw await _runner.FailAsync(c, ex, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _release.Reporter.Complete(ProgressActivityId);
            }
        }

        /// <summary>
        /// Traffic back to the old release after a failed canary or bake; the migrations too when the project opts in
        /// (Deployment.RevertMigrationsOnRollback). Ends RolledBack (lock released) and throws DeploymentRolledBack.
        /// Not cancellable: a degraded release must not keep the traffic because someone pressed Ctrl+C; every call in
        /// it has its own bound (AWS timeouts, CommandTimeoutSeconds for the revert, the maintenance calls').
        /// </summary>
        private async Task<DeploymentRecord> RollBackAfterDegradationAsync(ReleaseContext c, string why)
        {
            _release.Reporter.Warning(why + " Sending traffic back to the old release.");
            CancellationToken token = CancellationToken.None;
            await c.SetFactsAsync(f => f with { Undoing = true }, token).ConfigureAwait(false);
            IReadOnlyList<string> applied = c.Record.MigrationsApplied;
            bool mayHaveMigrated = c.MayHaveMigrated;
            bool revert = mayHaveMigrated && c.Options.RevertMigrationsOnRollback;
            if (revert || c.Options.Rollback)
            {
                await c.SetFactsAsync(f => f with
                {
                    UndoWhy = c.Options.Rollback ? MaintenanceDecision.ForUndoRollback(c.Options.Maintenance, f, c.MayHaveRevertedForRollback) : MaintenanceDecision.ForUndo(c.Options.Maintenance, f, true),
                }, token).ConfigureAwait(false);
            }

            await _runner.RunAsync(c, ReleaseFlows.RollBack(c.Options.Rollback, why, revert), token).ConfigureAwait(false);
            string migrations = revert
                ? $" The {applied.Count} migration(s) it applied were reverted (RevertMigrationsOnRollback)."
                : mayHaveMigrated
                ? $" The {applied.Count} migration(s) it applied ({string.Join(", ", applied)}) are still applied: the old release runs on the new schema. " +
                  $"Revert them with Undo-BgDeployment -Id {c.Run.Id} (or set Deployment.RevertMigrationsOnRollback to have it done automatically)."
                : string.Empty;
            await c.SetFactsAsync(f => f with { MigrationsReverted = revert || !mayHaveMigrated }, token).ConfigureAwait(false);
            string where = await _release.DescribeTrafficAsync(c).ConfigureAwait(false);
            DeploymentRecord record = await c.Run.SucceedAsync(DeploymentStatus.RolledBack, token).ConfigureAwait(false);
            throw new DeploymentFailedException("DeploymentRolledBack", FailureCategory.InvalidResult,
                $"Deployment {c.Run.Id} ({c.Options.Release}) was rolled back: {why} {where}{migrations} " +
                $"The new machines are kept in the idle group for a look; Undo-BgDeployment -Id {c.Run.Id} removes them.",
                record, null);
        }
    }
}
