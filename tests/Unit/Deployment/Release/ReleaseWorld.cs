using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Tests.Unit.Aws;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// A project "shop" in memory for the release engine: the load balancer (<see cref="FakeLoadBalancer"/>, two old
    /// machines of v1 in blue), the machines (<see cref="FakeMachines"/>), the database (<see cref="FakeDatabase"/>),
    /// maintenance (<see cref="FakeMaintenance"/>) and the deployment state on <see cref="InMemoryParameterStore"/>.
    /// Faults: <see cref="Fail"/> fails the next call of one operation; <see cref="OnStepStarted"/> runs when a step
    /// is journaled Started (the tests press Ctrl+C or "kill -9" there). After <see cref="Kill"/>, every call of every
    /// fake (the store too) throws <see cref="ProcessKilledException"/>: the process is gone, nothing more changes.
    /// </summary>
    internal sealed class ReleaseWorld
    {
        private static readonly Regex StepParameter = new Regex("/steps/[0-9]{3}$", RegexOptions.CultureInvariant);
        private readonly Dictionary<string, (int Times, Func<Exception> Failure)> _faults = new Dictionary<string, (int, Func<Exception>)>(StringComparer.Ordinal);

        internal ReleaseWorld(bool newMigration = false)
        {
            Elb = new FakeLoadBalancer(this);
            Machines = new FakeMachines(this);
            Database = new FakeDatabase(this) { NewMigration = newMigration };
            Maintenance = new FakeMaintenance(this);
            Location = DeploymentStateLocation.For("shop", null);
            Store.AfterWrite = AfterWrite;
            foreach (string name in new[] { "shop-00000001", "shop-00000002" })
            {
                Elb.AddTarget(FakeLoadBalancer.Blue, Machines.Add(name, "v1").InstanceId!);
            }
        }

        internal FakeLoadBalancer Elb { get; }

        internal FakeMachines Machines { get; }

        internal FakeDatabase Database { get; }

        internal FakeMaintenance Maintenance { get; }

        /// <summary>CloudWatch for the metric checks; null (the default): the engine has none and the checks are not made.</summary>
        internal FakeCloudWatch? CloudWatch { get; set; }

        internal InMemoryParameterStore Store { get; } = new InMemoryParameterStore();

        internal DeploymentStateLocation Location { get; }

        internal RecordingReporter Reporter { get; } = new RecordingReporter();

        /// <summary>The deployment's progress (activity <see cref="ReleaseEngine.ProgressActivityId"/>), as "status percent".</summary>
        internal List<string> Progress { get; } = new List<string>();

        internal DateTime Now { get; set; } = new DateTime(2026, 12, 1, 8, 53, 0, DateTimeKind.Utc);

        internal bool Killed { get; private set; }

        /// <summary>Launch as the EC2 provider does: one RunInstances for the batch (<see cref="FakeBatchMachines"/>).</summary>
        internal bool BatchLaunches { get; set; }

        /// <summary>How long every call of every fake (the store's too) takes to be answered, as a round trip to AWS would (<see cref="Answer"/>); zero by default.</summary>
        internal TimeSpan Latency { get; set; }

        /// <summary>With <see cref="Latency"/>: when each call went out and when it was answered (Stopwatch timestamps).</summary>
        internal List<(long Start, long End)> Answered { get; } = new List<(long, long)>();

        /// <summary>
        /// The round trips on the critical path, from <see cref="Answered"/>: the longest chain of calls each sent after
        /// the one before it was answered (calls in flight together count once), as bench/README.md counts them in the
        /// sandbox's request log. Unlike wall time, it does not grow when the machine is busy.
        /// </summary>
        internal int CriticalRoundTrips()
        {
            List<(long Start, long End)> calls;
            lock (Answered)
            {
                calls = Answered.OrderBy(c => c.Start).ToList();
            }

            var chain = new int[calls.Count];
            int longest = 0;
            for (int i = 0; i < calls.Count; i++)
            {
                chain[i] = 1;
                for (int j = 0; j < i; j++)
                {
                    if (calls[j].End <= calls[i].Start && chain[j] + 1 > chain[i])
                    {
                        chain[i] = chain[j] + 1;
                    }
                }

                longest = Math.Max(longest, chain[i]);
            }

            return longest;
        }

        /// <summary>Every call the fakes answered or failed, in order (e.g. "ModifyListener").</summary>
        internal List<string> Calls { get; } = new List<string>();

        /// <summary>Called with the step's name each time a step's first value is written (Started, or Skipped in one write).</summary>
        internal Action<string>? OnStepStarted { get; set; }

        /// <summary>
        /// Called with the step's name as a step's first value goes out, before it lands: a test that kills the process
        /// there leaves the journal without it (and without the end of the step before, which that value carries).
        /// </summary>
        internal Action<string>? BeforeStepWritten { get; set; }

        internal ProjectConfiguration Config { get; } = new ProjectConfiguration
        {
            Project = "shop",
            LoadBalancer = "shop-lb",
            TargetGroups = new List<string> { "shop-blue", "shop-green" },
            Machines = new MachineSettings { Prefix = "shop-", Provider = MachineProviderKind.Ec2, MaxParallelLaunches = 2 },
        };

        /// <summary>A new process: its own engine, services and state objects, on the same world.</summary>
        internal ReleaseEngine Engine(string operatorName = "alice@laptop")
        {
            var services = new MachineServices(Config, BatchLaunches ? new FakeBatchMachines(this, Machines) : Machines, Database, Elb, Reporter);
            var state = new DeploymentState(new KillableStore(this), Location, 20, Reporter, () => Now, operatorName);
            FakeCloudWatch? cloudWatch = CloudWatch;
            return new ReleaseEngine(services, state, Maintenance, new ProgressRecorder(this), (t, c) => { c.ThrowIfCancellationRequested(); Now += t; return Task.CompletedTask; }, () => Now,
                cloudWatch == null ? null : () => cloudWatch);
        }

        internal DeploymentState State() => new DeploymentState(Store, Location, 20, Reporter, () => Now, "test@inspector");

        internal static ReleaseOptions Options(Action<ReleaseOptions>? change = null)
        {
            var options = new ReleaseOptions
            {
                Release = "v2",
                SkipSmokeCheck = true,
                BakeTime = TimeSpan.FromSeconds(30),
                CheckInterval = TimeSpan.FromSeconds(10),
                HealthTimeout = TimeSpan.FromSeconds(60),
                DrainTimeout = TimeSpan.FromSeconds(1),
            };
            change?.Invoke(options);
            return options;
        }

        /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> (e.g. ModifyListener, RunInstances, manage.py, MaintenanceOn) fail.</summary>
        internal void Fail(string operation, int times = 1, Func<Exception>? failure = null)
        {
            lock (_faults)
            {
                _faults[operation] = (times, failure ?? (() => new BlueGreenException("Aws" + operation + "Failed", FailureCategory.ResourceUnavailable, $"{operation} failed (injected).")));
            }
        }

        internal void ClearFaults()
        {
            lock (_faults)
            {
                _faults.Clear();
            }
        }

        internal void Kill() => Killed = true;

        /// <summary>A new process after a kill: the fakes answer again.</summary>
        internal void Revive()
        {
            Killed = false;
            OnCall = null;
            OnStepStarted = null;
            BeforeStepWritten = null;
        }

        /// <summary>
        /// One call of a fake: <see cref="Enter"/>, then <paramref name="answer"/>. Without <see cref="Latency"/> it all
        /// happens before this returns (a failure is thrown from here, as before); with it, the call is answered that
        /// much later and the caller's thread is free meanwhile, as with the AWS SDK's async calls, so calls the engine
        /// makes at once (Task.WhenAll) overlap as they do against AWS.
        /// </summary>
        internal Task<T> Answer<T>(string operation, CancellationToken cancellationToken, Func<T> answer)
        {
            if (Latency <= TimeSpan.Zero)
            {
                Enter(operation, cancellationToken);
                return Task.FromResult(answer());
            }

            return Later();

            async Task<T> Later()
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                await Task.Delay(Latency, CancellationToken.None).ConfigureAwait(false);
                long end = System.Diagnostics.Stopwatch.GetTimestamp();
                lock (Answered)
                {
                    Answered.Add((start, end));
                }

                Enter(operation, cancellationToken);
                return answer();
            }
        }

        /// <summary>Called with each call's operation as it arrives, before anything else (a test may "kill -9" there: <see cref="Kill"/>).</summary>
        internal Action<string>? OnCall { get; set; }

        internal void Enter(string operation, CancellationToken cancellationToken)
        {
            OnCall?.Invoke(operation);
            if (Killed)
            {
                throw new ProcessKilledException();
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_faults)
            {
                Calls.Add(operation);
                if (_faults.TryGetValue(operation, out (int Times, Func<Exception> Failure) fault))
                {
                    if (fault.Times <= 1)
                    {
                        _faults.Remove(operation);
                    }
                    else
                    {
                        _faults[operation] = (fault.Times - 1, fault.Failure);
                    }

                    throw fault.Failure();
                }
            }
        }

        internal async Task<DeploymentRecord> LatestAsync() => (await State().History.ListAsync(1, CancellationToken.None))[0];

        /// <summary>
        /// What every way out must leave: one group serves every route in full (or the canary's share, with
        /// <paramref name="split"/>), maintenance off (unless
        /// <paramref name="killed"/>: then journaled as open if it is on), every machine running is an old one, a new
        /// one the journal names, or gone.
        /// </summary>
        /// <param name="split">The journal shows a canary share shifted (and not taken back): a kill may leave it.</param>
        /// <param name="oldRelease">The release of the machines that served before this deployment (v2 before a rollback to v1).</param>
        internal async Task AssertSiteIsSafeAsync(bool killed = false, bool split = false, string oldRelease = "v1")
        {
            if (!split)
            {
                Assert.NotNull(Elb.ServingGroup());
            }

            DeploymentRecord record = await LatestAsync();
            if (!killed)
            {
                Assert.False(Maintenance.On, "Maintenance was left on.");
            }
            else if (Maintenance.On)
            {
                Assert.NotNull(record.MaintenanceStartedAt);
                Assert.True(record.MaintenanceEndedAt == null || record.MaintenanceEndedAt < record.MaintenanceStartedAt, "Maintenance is on but the journal says the window was closed.");
            }

            var named = new HashSet<string>(record.Facts.TryGetValue("tried", out string? tried) ? tried.Split(',', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>(), StringComparer.Ordinal);
            foreach (MachineInstance machine in Machines.Running)
            {
                Assert.True(machine.Release == oldRelease || named.Contains(machine.Name), $"{machine.Name} runs but the journal does not name it.");
            }
        }

        internal async Task<bool> LockHeldAsync() => await State().Locks.GetAsync(CancellationToken.None) != null;

        private void AfterWrite(string name)
        {
            if (OnStepStarted == null || !StepParameter.IsMatch(name) || !Store.Parameters.TryGetValue(name, out StoredParameter? parameter))
            {
                return;
            }

            DeploymentStateCodec.StepDocument step = DeploymentStateCodec.Read<DeploymentStateCodec.StepDocument>(parameter);
            if (parameter.Version == 1)
            {
                OnStepStarted(step.Name);
            }
        }

        /// <summary>The journal's store, through the kill switch.</summary>
        private sealed class KillableStore : IParameterStore
        {
            private readonly ReleaseWorld _world;

            internal KillableStore(ReleaseWorld world)
            {
                _world = world;
            }

            public Task<StoredParameter?> GetAsync(string name, CancellationToken cancellationToken)
            {
                return _world.Answer("GetParameter", CancellationToken.None, () => _world.Store.GetAsync(name, cancellationToken)).Unwrap();
            }

            public Task<long?> TryCreateAsync(string name, string value, CancellationToken cancellationToken)
            {
                if (_world.BeforeStepWritten != null && StepParameter.IsMatch(name))
                {
                    _world.BeforeStepWritten(DeploymentStateCodec.Read<DeploymentStateCodec.StepDocument>(new StoredParameter(name, value, 1)).Name);
                }

                return _world.Answer("PutParameter", CancellationToken.None, () => _world.Store.TryCreateAsync(name, value, cancellationToken)).Unwrap();
            }

            public Task<long> PutAsync(string name, string value, CancellationToken cancellationToken)
            {
                return _world.Answer("PutParameter", CancellationToken.None, () => _world.Store.PutAsync(name, value, cancellationToken)).Unwrap();
            }

            public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
            {
                return _world.Answer("DeleteParameter", CancellationToken.None, () => _world.Store.DeleteAsync(name, cancellationToken)).Unwrap();
            }

            public Task<IReadOnlyList<string>> DeleteManyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
            {
                return _world.Answer("DeleteParameters", CancellationToken.None, () => _world.Store.DeleteManyAsync(names, cancellationToken)).Unwrap();
            }

            public Task<ParameterPage> GetByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
            {
                return _world.Answer("GetParametersByPath", CancellationToken.None, () => _world.Store.GetByPathAsync(path, recursive, nextToken, cancellationToken)).Unwrap();
            }
        }
    }

    /// <summary>The engine's reporter: messages to the world's <see cref="RecordingReporter"/>, the deployment's progress kept.</summary>
    internal sealed class ProgressRecorder : IOperationReporter
    {
        private readonly ReleaseWorld _world;

        internal ProgressRecorder(ReleaseWorld world)
        {
            _world = world;
        }

        public void Verbose(string message) => _world.Reporter.Verbose(message);

        public void Warning(string message) => _world.Reporter.Warning(message);

        public void Progress(ProgressUpdate update)
        {
            if (update.ActivityId == ReleaseEngine.ProgressActivityId)
            {
                _world.Progress.Add($"{update.Status} {update.PercentComplete}");
            }
        }

        public void Complete(int activityId)
        {
        }
    }

    /// <summary>What every fake throws once the test has "killed" the process.</summary>
    internal sealed class ProcessKilledException : Exception
    {
        internal ProcessKilledException()
            : base("The process was killed (kill -9).")
        {
        }
    }
}
