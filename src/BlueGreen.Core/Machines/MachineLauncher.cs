using BlueGreen.Traffic;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Launches a batch of machines: a provider that makes many at once (<see cref="IBatchMachineProvider"/>, EC2: one
    /// RunInstances) makes them all first, the others launch each machine on its own, at most
    /// <see cref="MachineLaunchOptions.MaxParallel"/> at once; then the application is started on each (the provider's
    /// <see cref="IMachineApplication"/>: <c>docker compose up --build -d</c>, or nothing for a Local machine whose launch
    /// started gunicorn), at most MaxParallel at once, each under its own progress activity, and the machines that are
    /// ready are registered in the chosen target group with one RegisterTargets and described with one
    /// DescribeTargetHealth. A launch that fails is cleaned up and reported; the others are kept or rolled back as
    /// <see cref="MachineLaunchOptions.OnFailure"/> says. A registration that fails is reported
    /// (<see cref="MachineLaunchReport.RegistrationFailure"/>): the machines are kept unregistered, or removed on RollBack.
    /// </summary>
    public sealed class MachineLauncher
    {
        /// <summary>Progress activity id of the batch; launch i reports under id BatchActivityId + 1 + i.</summary>
        public const int BatchActivityId = 4100;

        private readonly IMachineProvider _provider;
        private readonly IMachineApplication? _application;
        private readonly TargetGroupMembership? _membership;
        private readonly IOperationReporter _reporter;

        /// <param name="application">Null when machines are launched without starting the application.</param>
        /// <param name="membership">Null when machines are registered nowhere.</param>
        public MachineLauncher(IMachineProvider provider, IMachineApplication? application, TargetGroupMembership? membership, IOperationReporter reporter)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _application = application;
            _membership = membership;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        public async Task<MachineLaunchReport> LaunchAsync(MachineLaunchOptions options, CancellationToken cancellationToken)
        {
            if (options.StartApplication && _application == null)
            {
                throw new InvalidOperationException("Starting the application needs an IMachineApplication.");
            }

            if (options.TargetGroup != null && _membership == null)
            {
                throw new InvalidOperationException("Registering in a target group needs a TargetGroupMembership.");
            }

            if (options.Names != null && options.Names.Count != options.Count)
            {
                throw new ArgumentException($"{options.Names.Count} names were given for {options.Count} machines.", nameof(options));
            }

            var names = new string[options.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = options.Names != null ? MachineName.EnsureValid(options.Names[i]) : MachineName.CreateUnique(options.NamePrefix);
            }

            string batch = $"Launching {options.Count} machine(s) with {_provider.Kind}";
            int finished = 0;
            var progressGate = new object();
            _reporter.Progress(new ProgressUpdate(BatchActivityId, batch, $"0 of {options.Count} done", 0, options.ParentActivityId));
            var activities = names.Select((name, index) => new LaunchActivity(_reporter, BatchActivityId + 1 + index, BatchActivityId, $"Machine {index + 1} of {options.Count}: {name}")).ToList();
            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes;
            try
            {
                // A provider that makes many instances in one call (EC2: one RunInstances for the batch) makes them
                // all first; the application is then started on each, at most MaxParallel at once (local processes,
                // ssh). The others launch each machine on its own, at most MaxParallel at once, as before.
                IReadOnlyList<LaunchOutcome<MachineInstance>>? made = null;
                if (_provider is IBatchMachineProvider batchProvider)
                {
                    var requests = names.Select(n => new MachineLaunchRequest(n, options.Release, options.TargetGroup?.Color, options.Deployment)).ToList();
                    made = await batchProvider.LaunchBatchAsync(requests, activities, options.MaxParallel, cancellationToken).ConfigureAwait(false);
                }

                outcomes = await ParallelLaunchScheduler.RunAsync(options.Count, options.MaxParallel, async (index, token) =>
                {
                    try
                    {
                        return made == null
                            ? await LaunchOneAsync(names[index], options, activities[index], token).ConfigureAwait(false)
                            : await StartOneAsync(made[index], options, activities[index], token).ConfigureAwait(false);
                    }
                    finally
                    {
                        activities[index].Complete();

                        // Counted and reported under one lock: two launches that end together must not report
                        // 4 of 4 before 3 of 4 (the batch's progress would go back).
                        lock (progressGate)
                        {
                            int done = ++finished;
                            _reporter.Progress(new ProgressUpdate(BatchActivityId, batch, $"{done} of {options.Count} done", done * 100 / options.Count, options.ParentActivityId));
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (LaunchActivity activity in activities)
                {
                    activity.Complete();
                }

                _reporter.Complete(BatchActivityId);
            }

            List<LaunchOutcome<MachineInstance>> succeeded = outcomes.Where(o => o.IsSuccess).ToList();
            var failures = outcomes.Where(o => !o.IsSuccess)
                .Select(o => new MachineLaunchFailure(o.Index, names[o.Index], ToFailure(o.Error!, names[o.Index])))
                .ToList();
            var rolledBack = new List<MachineInstance>();
            bool rollBack = options.OnFailure == LaunchFailurePolicy.RollBack && (failures.Count > 0 || cancellationToken.IsCancellationRequested);
            if (rollBack)
            {
                foreach (LaunchOutcome<MachineInstance> outcome in succeeded)
                {
                    _reporter.Verbose($"Rolling back {outcome.Value!.Name}: {failures.Count} launch(es) of the batch failed.");
                    await RemoveAfterFailureAsync(outcome.Value!, failures.FirstOrDefault()?.Error ?? (Exception)new OperationCanceledException()).ConfigureAwait(false);
                    rolledBack.Add(outcome.Value!);
                }

                succeeded.Clear();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                if (succeeded.Count > 0)
                {
                    _reporter.Warning($"Stopped; these machines had launched and are kept, registered nowhere yet: {string.Join(", ", succeeded.Select(o => o.Value!.Name))}.");
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            List<MachineInstance> ready = succeeded.Select(o => o.Value!).ToList();
            BlueGreenException? registrationFailure = null;
            if (options.TargetGroup != null && ready.Count > 0)
            {
                // All at once: one RegisterTargets for the batch (paged past TargetGroupMembership.MaxTargetsPerCall).
                try
                {
                    await _membership!.RegisterAsync(options.TargetGroup.Arn, ready, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    registrationFailure = new BlueGreenException("RegistrationFailed", ex is BlueGreenException known ? known.Category : FailureCategory.NotSpecified,
                        $"Registering {ready.Count} machine(s) in {options.TargetGroup.Name} failed: {ex.Message} " +
                        (options.OnFailure == LaunchFailurePolicy.RollBack ? "They were removed." : $"They are kept, registered nowhere: {string.Join(", ", ready.Select(m => m.Name))}."),
                        options.TargetGroup.Name, ex);
                    if (options.OnFailure == LaunchFailurePolicy.RollBack)
                    {
                        foreach (MachineInstance machine in ready)
                        {
                            await RemoveAfterFailureAsync(machine, ex).ConfigureAwait(false);
                            rolledBack.Add(machine);
                        }

                        ready.Clear();
                    }
                }
            }

            IReadOnlyDictionary<string, string?> health = options.TargetGroup == null || ready.Count == 0 || registrationFailure != null
                ? new Dictionary<string, string?>()
                : await _membership!.HealthOfAllAsync(options.TargetGroup.Arn, cancellationToken).ConfigureAwait(false);
            List<Machine> launched = ready.Select(m => Describe(m, registrationFailure == null ? options.TargetGroup : null, health)).ToList();
            return new MachineLaunchReport(launched, failures, rolledBack, registrationFailure);
        }

        /// <summary>Starts the application on a machine the batch provider made; a failure removes the machine.</summary>
        private async Task<MachineInstance> StartOneAsync(LaunchOutcome<MachineInstance> made, MachineLaunchOptions options, LaunchActivity activity, CancellationToken cancellationToken)
        {
            if (!made.IsSuccess)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(made.Error!).Throw();
            }

            return await StartApplicationAsync(made.Value!, options, activity, cancellationToken).ConfigureAwait(false);
        }

        private async Task<MachineInstance> StartApplicationAsync(MachineInstance machine, MachineLaunchOptions options, LaunchActivity activity, CancellationToken cancellationToken)
        {
            try
            {
                if (options.StartApplication && _application!.StartDescription != null)
                {
                    activity.Report(_application.StartDescription);
                    await _application.StartAsync(machine, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                activity.Report("Failed; removing the machine");
                await RemoveAfterFailureAsync(machine, ex).ConfigureAwait(false);
                throw;
            }

            activity.Report("Ready");
            return machine;
        }

        private async Task<MachineInstance> LaunchOneAsync(string name, MachineLaunchOptions options, LaunchActivity activity, CancellationToken cancellationToken)
        {
            MachineInstance machine = await _provider.LaunchAsync(new MachineLaunchRequest(name, options.Release, options.TargetGroup?.Color, options.Deployment), activity, cancellationToken).ConfigureAwait(false);
            return await StartApplicationAsync(machine, options, activity, cancellationToken).ConfigureAwait(false);
        }

        private async Task RemoveAfterFailureAsync(MachineInstance machine, Exception cause)
        {
            try
            {
                // Not cancellable: a stopped or failed launch must not leave a machine behind.
                await _provider.RemoveAsync(machine, CancellationToken.None).ConfigureAwait(false);
                _reporter.Verbose($"Removed {machine} after: {cause.Message}");
            }
            catch (Exception removal)
            {
                _reporter.Warning($"Removing {machine} after a failed launch failed too ({removal.Message}). Remove it by hand (Remove-BgMachine -Name {machine.Name}).");
            }
        }

        private static Machine Describe(MachineInstance machine, ProjectTargetGroup? group, IReadOnlyDictionary<string, string?> health)
        {
            if (group == null)
            {
                return new Machine(machine, MachineRole.Orphan, null, null, null, null);
            }

            health.TryGetValue(TargetGroupMembership.RequireInstanceId(machine), out string? state);
            return new Machine(machine, group.IsIncoming ? MachineRole.Idle : MachineRole.Live, group.Name, group.Arn, group.Color, state);
        }

        private static BlueGreenException ToFailure(Exception error, string name) => error switch
        {
            BlueGreenException known => known,
            OperationCanceledException cancelled => new BlueGreenException("LaunchStopped", FailureCategory.OperationStopped,
                $"Launching {name} was stopped before it finished; what it had made was removed.", name, cancelled),
            _ => new BlueGreenException("LaunchFailed", FailureCategory.NotSpecified,
                $"Launching {name} failed: {error.Message} What it had made was removed.", name, error),
        };
    }
}
