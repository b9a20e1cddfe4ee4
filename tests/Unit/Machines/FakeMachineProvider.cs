using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Machines;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// A machine provider in memory: launches take <see cref="LaunchDelay"/>, the launches whose number (1-based,
    /// in start order) is in <see cref="FailingLaunches"/> fail after making their machine (and remove it, as the
    /// real providers do), and the peak number of concurrent launches is measured.
    /// </summary>
    internal sealed class FakeMachineProvider : IMachineProvider
    {
        private readonly ConcurrentDictionary<string, MachineInstance> _machines = new ConcurrentDictionary<string, MachineInstance>();
        private int _started;
        private int _running;
        private int _peak;

        public MachineProviderKind Kind => MachineProviderKind.Ec2;

        internal TimeSpan LaunchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

        internal HashSet<int> FailingLaunches { get; } = new HashSet<int>();

        internal int PeakConcurrency => _peak;

        internal ConcurrentQueue<string> Removed { get; } = new ConcurrentQueue<string>();

        internal IReadOnlyCollection<MachineInstance> Machines => _machines.Values.ToList();

        internal MachineInstance Add(string name, string instanceId)
        {
            var machine = new MachineInstance(name, instanceId, Kind, "198.51.100.1", "running", "ubuntu");
            _machines[name] = machine;
            return machine;
        }

        public async Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken)
        {
            int number = Interlocked.Increment(ref _started);
            int running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _peak, running);
            try
            {
                status.Report("RunInstances");
                var machine = new MachineInstance(request.Name, $"i-{number:x17}", Kind, $"198.51.100.{number}", "running", "ubuntu", request.Release, DateTimeOffset.UtcNow);
                _machines[request.Name] = machine;
                try
                {
                    await Task.Delay(LaunchDelay, cancellationToken).ConfigureAwait(false);
                    if (FailingLaunches.Contains(number))
                    {
                        throw new InvalidOperationException($"launch {number} failed on purpose");
                    }
                }
                catch
                {
                    _machines.TryRemove(request.Name, out _);
                    Removed.Enqueue(request.Name);
                    throw;
                }

                status.Report("running");
                return machine;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MachineInstance>>(_machines.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList());

        public Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            _machines.TryRemove(machine.Name, out _);
            Removed.Enqueue(machine.Name);
            return Task.CompletedTask;
        }

        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => new ComposeApplication(this, compose, manage);

        public Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken) =>
            Task.FromResult(DockerConnection.OverSsh("ubuntu", machine.Address!, machine.Name));

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
