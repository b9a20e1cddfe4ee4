using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The release tests' machines: a provider whose launches make a machine at once (instance id i-&lt;n&gt;, the
    /// release it was launched with kept), list and remove; its application starts nothing and runs manage.py as
    /// "python /srv/&lt;release&gt;/manage.py", which <see cref="FakeDatabase"/> answers. Names in
    /// <see cref="FailingNames"/> fail their launch after making the machine (removed again, as real providers do).
    /// Machines keep the deployment id their launch was tagged with (bluegreen:deployment).
    /// </summary>
    internal sealed class FakeMachines : IMachineProvider, IMachineApplication
    {
        private readonly ReleaseWorld _world;
        private readonly object _gate = new object();
        private readonly Dictionary<string, MachineInstance> _machines = new Dictionary<string, MachineInstance>(StringComparer.Ordinal);
        private int _launched;

        internal FakeMachines(ReleaseWorld world)
        {
            _world = world;
        }

        public MachineProviderKind Kind => MachineProviderKind.Ec2;

        public string? StartDescription => null;

        /// <summary>How many launches fail (after making their machine), counted down.</summary>
        internal int FailLaunches { get; set; }

        internal IReadOnlyList<MachineInstance> Running
        {
            get
            {
                lock (_gate)
                {
                    return _machines.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
                }
            }
        }

        internal MachineInstance Add(string name, string release, string? deployment = null)
        {
            lock (_gate)
            {
                var machine = new MachineInstance(name, $"i-{++_launched:x17}", Kind, "198.51.100." + _launched, "running", "ubuntu", release, DateTimeOffset.UtcNow, deployment: deployment);
                _machines[name] = machine;
                return machine;
            }
        }

        /// <summary>
        /// An instance as a batch RunInstances leaves it before its Name tag is written: listed as the prefix and its
        /// instance id (as the EC2 provider lists it), with the release and deployment tags the launch carried.
        /// </summary>
        internal MachineInstance AddUnnamed(string prefix, MachineLaunchRequest request)
        {
            lock (_gate)
            {
                string id = $"i-{++_launched:x17}";
                var machine = new MachineInstance(prefix + id, id, Kind, "198.51.100." + _launched, "running", "ubuntu", request.Release ?? "unknown", DateTimeOffset.UtcNow, deployment: request.Deployment);
                _machines[machine.Name] = machine;
                return machine;
            }
        }

        /// <summary>CreateTags Name = <paramref name="name"/> on an unnamed instance: it is listed under its name from then on.</summary>
        internal MachineInstance Name(MachineInstance unnamed, string name)
        {
            lock (_gate)
            {
                _machines.Remove(unnamed.Name);
                var machine = new MachineInstance(name, unnamed.InstanceId, Kind, unnamed.Address, unnamed.State, unnamed.SshUser, unnamed.Release, unnamed.LaunchedAt, deployment: unnamed.Deployment);
                _machines[name] = machine;
                return machine;
            }
        }

        public Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken)
        {
            return _world.Answer("RunInstances", cancellationToken, () => MakeAsync(request)).Unwrap();
        }

        /// <summary>Makes the machine (or fails, see <see cref="FailLaunches"/>) without a call of its own (<see cref="FakeBatchMachines"/> made one for the batch).</summary>
        internal Task<MachineInstance> MakeAsync(MachineLaunchRequest request, MachineInstance? made = null)
        {
            MachineInstance machine = made ?? Add(request.Name, request.Release ?? "unknown", request.Deployment);
            lock (_gate)
            {
                if (FailLaunches > 0)
                {
                    FailLaunches--;
                    _machines.Remove(request.Name);
                    throw new BlueGreen.Diagnostics.BlueGreenException("LaunchTimedOut", BlueGreen.Diagnostics.FailureCategory.OperationTimeout, $"{request.Name} did not come up (injected).", request.Name);
                }
            }

            return Task.FromResult(machine);
        }

        public Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken)
        {
            return _world.Answer<IReadOnlyList<MachineInstance>>("DescribeInstances", cancellationToken, () => Running);
        }

        public Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            return _world.Answer<bool>("TerminateInstances", cancellationToken, () =>
            {
                lock (_gate)
                {
                    _machines.Remove(machine.Name);
                }

                return true;
            });
        }

        public Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The release tests' machines have no Docker engine.");

        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => this;

        public Task StartAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            return _world.Answer<bool>("StartApplication", cancellationToken, () => true);
        }

        public Task<ManageCommand> ManageCommandAsync(MachineInstance machine, ManageMode mode, CancellationToken cancellationToken) =>
            Task.FromResult(new ManageCommand("python", new[] { $"/srv/{machine.Release}/manage.py" }));
    }
}
