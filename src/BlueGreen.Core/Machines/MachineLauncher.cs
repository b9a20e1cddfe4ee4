using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Traffic;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Launches a batch of machines in parallel (bounded): each launch makes the machine, starts the application
    /// (the provider's <see cref="IMachineApplication"/>: <c>docker compose up --build -d</c>, or nothing for a Local
    /// machine whose launch started gunicorn) and registers it (with its port, if it has one) in the chosen target group, under its own progress
    /// activity. A launch that fails is cleaned up and reported; the others are kept or rolled back as
    /// <see cref="MachineLaunchOptions.OnFailure"/> says.
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
            bool registerEach = options.OnFailure == LaunchFailurePolicy.Keep;
            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes;
            try
            {
                outcomes = await ParallelLaunchScheduler.RunAsync(options.Count, options.MaxParallel, async (index, token) =>
                {
                    try
                    {
                        return await LaunchOneAsync(index, names[index], options, registerEach, token).ConfigureAwait(false);
                    }
                    finally
                    {
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
                    _reporter.Warning($"Stopped; these machines had launched and are kept: {string.Join(", ", succeeded.Select(o => o.Value!.Name))}.");
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!registerEach && options.TargetGroup != null)
            {
                foreach (LaunchOutcome<MachineInstance> outcome in succeeded)
                {
                    await _membership!.RegisterAsync(options.TargetGroup.Arn, outcome.Value!, cancellationToken).ConfigureAwait(false);
                }
            }

            var launched = new List<Machine>();
            foreach (LaunchOutcome<MachineInstance> outcome in succeeded)
            {
                launched.Add(await DescribeAsync(outcome.Value!, options.TargetGroup, cancellationToken).ConfigureAwait(false));
            }

            return new MachineLaunchReport(launched, failures, rolledBack);
        }

        private async Task<MachineInstance> LaunchOneAsync(int index, string name, MachineLaunchOptions options, bool register, CancellationToken cancellationToken)
        {
            var activity = new LaunchActivity(_reporter, BatchActivityId + 1 + index, BatchActivityId, $"Machine {index + 1} of {options.Count}: {name}");
            try
            {
                MachineInstance machine = await _provider.LaunchAsync(new MachineLaunchRequest(name, options.Release, options.TargetGroup?.Color), activity, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (options.StartApplication && _application!.StartDescription != null)
                    {
                        activity.Report(_application.StartDescription);
                        await _application.StartAsync(machine, cancellationToken).ConfigureAwait(false);
                    }

                    if (register && options.TargetGroup != null)
                    {
                        activity.Report($"Registering in {options.TargetGroup.Name}");
                        await _membership!.RegisterAsync(options.TargetGroup.Arn, machine, cancellationToken).ConfigureAwait(false);
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
            finally
            {
                activity.Complete();
            }
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

        private async Task<Machine> DescribeAsync(MachineInstance machine, ProjectTargetGroup? group, CancellationToken cancellationToken)
        {
            if (group == null)
            {
                return new Machine(machine, MachineRole.Orphan, null, null, null, null);
            }

            string? health = await _membership!.HealthOfAsync(group.Arn, TargetGroupMembership.RequireInstanceId(machine), machine.Port, cancellationToken).ConfigureAwait(false);
            return new Machine(machine, group.IsIncoming ? MachineRole.Idle : MachineRole.Live, group.Name, group.Arn, group.Color, health);
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
