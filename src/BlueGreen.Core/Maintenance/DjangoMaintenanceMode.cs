using BlueGreen.Configuration;
using BlueGreen.Machines;
using BlueGreen.Processes;
using BlueGreen.Traffic;

namespace BlueGreen.Maintenance
{
    /// <summary>
    /// Maintenance held by Django (django-maintenance-mode): the configured Maintenance.On / Off manage.py commands.
    /// The package's default state backend is a file inside the container, so one machine's command changes only
    /// that machine: unless the configuration declares the state shared (Maintenance.Shared = $true, e.g. a
    /// database or cache backend), the command runs on every machine registered in either target group, both colors,
    /// in parallel (at most <see cref="MaxParallel"/> at once). Each runs with <c>docker compose exec -T</c> in the running
    /// service whatever Manage.Mode says: <c>run --rm</c> would write the state file into a throw-away container.
    /// With shared state it runs on one machine (healthy ones first, live before idle; the next is tried when one fails).
    /// Before turning it on, manage.py sessions are opened (<see cref="ManageSessionPool"/>): on every machine it will
    /// toggle (with shared state: the first of each target group, so the turn-off after a switch finds one too) and
    /// for the manage commands the deployment announced (its migrate). Opening costs the Python and Django start
    /// while the site still serves; inside the window each toggle and the migrate then cost their own work.
    /// </summary>
    public sealed class DjangoMaintenanceMode : IMaintenanceMode
    {
        private readonly IMachineProvider _provider;
        private readonly ManageRunner _manage;
        private readonly IMachineApplication _application;
        private readonly Func<CancellationToken, Task<TrafficState>> _readTraffic;
        private readonly MaintenanceSettings _settings;
        private readonly IOperationReporter _reporter;
        private readonly ManageSessionPool? _sessions;

        /// <param name="sessions">Where manage.py sessions open before the window; null: each command starts its own process.</param>
        /// <param name="readTraffic">Reads the project's target groups (e.g. <see cref="MachineServices.ReadTrafficAsync"/>).</param>
        public DjangoMaintenanceMode(IMachineProvider provider, ManageRunner manage, Func<CancellationToken, Task<TrafficState>> readTraffic,
            MaintenanceSettings settings, IOperationReporter reporter, ManageSessionPool? sessions = null)
        {
            _sessions = sessions;
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _manage = manage ?? throw new ArgumentNullException(nameof(manage));
            _application = provider.CreateApplication(manage.Compose, manage);
            _readTraffic = readTraffic ?? throw new ArgumentNullException(nameof(readTraffic));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        public MaintenanceModeKind Mode => MaintenanceModeKind.Django;

        /// <summary>At most this many machines run the command at once.</summary>
        public int MaxParallel { get; set; } = 8;

        /// <summary>Opens the manage.py sessions the window will use (see the class); a failure to read the machines is a warning here (the enable meets it again).</summary>
        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            if (_sessions == null || !_sessions.Enabled)
            {
                return;
            }

            IReadOnlyList<Machine> machines;
            try
            {
                machines = await ServingMachinesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BlueGreenException ex)
            {
                _reporter.Warning("No manage.py session was opened before the maintenance window: " + ex.Message);
                return;
            }

            await OpenSessionsAsync(machines, cancellationToken).ConfigureAwait(false);
        }

        public async Task<MaintenanceReport> EnableAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> machines = await ServingMachinesAsync(cancellationToken).ConfigureAwait(false);
            if (machines.Count == 0)
            {
                throw new BlueGreenException(
                    "MaintenanceNoServingMachine",
                    FailureCategory.ObjectNotFound,
                    "No machine of the project is registered in either target group, so there is nowhere to turn Django's maintenance mode on. " +
                    "Check the target groups with Get-BgTargetGroup and the machines with Get-BgMachine.",
                    "Maintenance");
            }

            await OpenSessionsAsync(machines, cancellationToken).ConfigureAwait(false);
            List<MaintenanceChange> on = await RunAsync(machines, _settings.On, cancellationToken).ConfigureAwait(false);
            bool ok = _settings.Shared ? on.Any(c => c.Outcome == MaintenanceOutcome.Changed) : on.All(c => c.Outcome == MaintenanceOutcome.Changed);
            if (ok)
            {
                return new MaintenanceReport(Mode, true, on, Array.Empty<string>());
            }

            // Not on everywhere: turn it off again wherever it may have gone on (a failed or timed-out command may have
            // written the state before it failed), then fail. The undo runs to the end even when the caller cancelled.
            _reporter.Warning("Turning Django's maintenance mode on failed on " + string.Join(", ", on.Where(c => c.IsFailure).Select(c => c.Target)) + "; turning it off again.");
            List<MaintenanceChange> off = await RunAsync(machines, _settings.Off, CancellationToken.None).ConfigureAwait(false);
            var changes = on.Where(c => c.IsFailure).ToList();
            changes.AddRange(off.Select(c => c with
            {
                Outcome = c.Outcome == MaintenanceOutcome.Changed ? MaintenanceOutcome.Undone : MaintenanceOutcome.UndoFailed,
            }));
            var report = new MaintenanceReport(Mode, true, changes, Array.Empty<string>());
            cancellationToken.ThrowIfCancellationRequested();
            string undo = off.All(c => c.Outcome == MaintenanceOutcome.Changed)
                ? "It was turned off again on every machine."
                : "Turning it off again failed on " + string.Join(", ", off.Where(c => c.IsFailure).Select(c => c.Target)) + ": run the maintenance disable again.";
            throw new MaintenanceFailedException(
                "MaintenanceEnableFailed",
                $"Could not turn Django's maintenance mode on ({Describe(_settings.On)}) on {string.Join("; ", on.Where(c => c.IsFailure))}. {undo}",
                report);
        }

        public async Task<MaintenanceReport> DisableAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> machines = await ServingMachinesAsync(cancellationToken).ConfigureAwait(false);
            if (machines.Count == 0)
            {
                string warning = "No machine of the project is registered in either target group: there was nowhere to turn Django's maintenance mode off.";
                _reporter.Warning(warning);
                return new MaintenanceReport(Mode, false, Array.Empty<MaintenanceChange>(), new[] { warning });
            }

            List<MaintenanceChange> off = await RunAsync(machines, _settings.Off, cancellationToken).ConfigureAwait(false);
            // The window is over: its sessions close (not awaited here; the pool's Dispose waits for them). A retry of a
            // failed turn-off then starts processes of their own.
            _ = _sessions?.CloseAsync();
            bool ok = _settings.Shared ? off.Any(c => c.Outcome == MaintenanceOutcome.Changed) : off.All(c => c.Outcome == MaintenanceOutcome.Changed);
            var report = new MaintenanceReport(Mode, false, off, Array.Empty<string>());
            if (!ok)
            {
                throw new MaintenanceFailedException(
                    "MaintenanceDisableFailed",
                    $"Django's maintenance mode may still be on: {Describe(_settings.Off)} failed on {string.Join("; ", off.Where(c => c.IsFailure))}. " +
                    "Run the disable again, or run it by hand on those machines (Invoke-BgManage).",
                    report);
            }

            return _settings.Shared
                ? report with { Changes = off.Where(c => !c.IsFailure).ToList(), Warnings = off.Where(c => c.IsFailure).Select(c => c.ToString() + "; another machine did it").ToList() }
                : report;
        }

        /// <summary>
        /// Opens the sessions the window will use, before it opens: a machine whose manage command cannot be had, or
        /// whose session does not open, is only a warning (its commands then start their own process).
        /// </summary>
        private async Task OpenSessionsAsync(IReadOnlyList<Machine> machines, CancellationToken cancellationToken)
        {
            if (_sessions == null || !_sessions.Enabled)
            {
                return;
            }

            IEnumerable<Machine> toggled = _settings.Shared ? machines.GroupBy(m => m.TargetGroupArn).Select(g => g.First()) : machines;
            // Each machine's manage command may take a docker ps over ssh: in parallel, as the toggles run.
            IReadOnlyList<ManageCommand?> found = await EachAsync(toggled, async machine =>
            {
                try
                {
                    return await _application.ManageCommandAsync(machine.Instance, ToggleMode, cancellationToken).ConfigureAwait(false);
                }
                catch (BlueGreenException ex)
                {
                    _reporter.Warning($"No manage.py session on {machine.Name}: {ex.Message}");
                    return null;
                }
            }, cancellationToken).ConfigureAwait(false);
            IEnumerable<ManageCommand> commands = found.OfType<ManageCommand>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int open = await _sessions.OpenAsync(commands, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"{open} manage.py session(s) open before the maintenance window ({clock.Elapsed.TotalSeconds:0.00} s).");
        }

        /// <summary>Every machine registered in either target group (both colors, any health): healthy ones first, live before idle.</summary>
        private async Task<IReadOnlyList<Machine>> ServingMachinesAsync(CancellationToken cancellationToken)
        {
            TrafficState traffic = await _readTraffic(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<MachineInstance> instances = await _provider.ListAsync(cancellationToken).ConfigureAwait(false);
            return MachineInventory.Join(instances, traffic, _reporter)
                .Where(m => m.Role != MachineRole.Orphan)
                .OrderBy(m => m.IsHealthy ? 0 : 1)
                .ThenBy(m => m.Role == MachineRole.Live ? 0 : 1)
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// The command on every machine (never stopping at a failure), or with shared state on one machine after the
        /// other until one succeeds. Failures are returned, not thrown.
        /// </summary>
        private async Task<List<MaintenanceChange>> RunAsync(IReadOnlyList<Machine> machines, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            if (_settings.Shared)
            {
                var attempts = new List<MaintenanceChange>();
                foreach (Machine machine in machines)
                {
                    MaintenanceChange attempt = await RunOnAsync(machine, arguments, ToggleMode, cancellationToken).ConfigureAwait(false);
                    attempts.Add(attempt);
                    if (!attempt.IsFailure || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                return attempts;
            }

            // Every queued toggle runs (cancellation reaches each inside RunOnAsync), so the report accounts for every machine.
            return (await EachAsync(machines, machine => RunOnAsync(machine, arguments, ToggleMode, cancellationToken), CancellationToken.None).ConfigureAwait(false)).ToList();
        }

        /// <summary>
        /// The manage mode of the toggles: with shared state the project's own (one machine, any way that reaches the
        /// state); otherwise <c>exec</c> in the running service (<c>run --rm</c> would write into a throw-away container).
        /// </summary>
        private ManageMode ToggleMode => _settings.Shared ? _manage.DefaultMode : ManageMode.Exec;

        /// <summary>
        /// <paramref name="action"/> on every machine, at most <see cref="MaxParallel"/> at once, results in the
        /// machines' order; <paramref name="waitToken"/> cancels only the wait for a turn.
        /// </summary>
        private async Task<IReadOnlyList<T>> EachAsync<T>(IEnumerable<Machine> machines, Func<Machine, Task<T>> action, CancellationToken waitToken)
        {
            using var gate = new SemaphoreSlim(Math.Max(1, MaxParallel));
            return await Task.WhenAll(machines.Select(async machine =>
            {
                await gate.WaitAsync(waitToken).ConfigureAwait(false);
                try
                {
                    return await action(machine).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        private async Task<MaintenanceChange> RunOnAsync(Machine machine, IReadOnlyList<string> arguments, ManageMode mode, CancellationToken cancellationToken)
        {
            string where = $"{machine.Name} ({machine.TargetGroup}, {machine.Health ?? "unknown"})";
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                ManageCommand command = await _application.ManageCommandAsync(machine.Instance, mode, cancellationToken).ConfigureAwait(false);
                await _manage.RunAsync(command, arguments, cancellationToken).ConfigureAwait(false);
                return new MaintenanceChange(machine.Name, where, MaintenanceOutcome.Changed);
            }
            catch (Exception ex)
            {
                return new MaintenanceChange(machine.Name, where, MaintenanceOutcome.Failed, null, ex is OperationCanceledException ? "cancelled" : ex.Message);
            }
        }

        private static string Describe(IReadOnlyList<string> arguments) => "manage.py " + string.Join(" ", arguments);
    }
}
