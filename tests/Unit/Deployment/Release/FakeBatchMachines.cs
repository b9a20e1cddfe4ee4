using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Machines;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// <see cref="FakeMachines"/> as a batch provider, as the EC2 provider is: one "RunInstances" call makes every
    /// machine of the batch, unnamed (each then fails or not as FakeMachines' launches do), one "CreateTags" per machine names it.
    /// </summary>
    internal sealed class FakeBatchMachines : IBatchMachineProvider
    {
        private readonly ReleaseWorld _world;
        private readonly FakeMachines _machines;

        internal FakeBatchMachines(ReleaseWorld world, FakeMachines machines)
        {
            _world = world;
            _machines = machines;
        }

        public MachineProviderKind Kind => _machines.Kind;

        public async Task<IReadOnlyList<LaunchOutcome<MachineInstance>>> LaunchBatchAsync(IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status,
            int maxParallel, CancellationToken cancellationToken)
        {
            // RunInstances makes every instance of the batch, tagged as the launch asked but without names; a
            // "kill -9" at CreateTags leaves them so (listed as the prefix and their instance ids).
            string prefix = _world.Config.Machines.Prefix;
            List<MachineInstance> made = await _world.Answer("RunInstances", cancellationToken, () => requests.Select(r => _machines.AddUnnamed(prefix, r)).ToList()).ConfigureAwait(false);
            var outcomes = new List<LaunchOutcome<MachineInstance>>();
            MachineInstance[] named = await Task.WhenAll(requests.Select((r, i) => _world.Answer("CreateTags", CancellationToken.None, () => _machines.Name(made[i], r.Name)))).ConfigureAwait(false);
            await _world.Answer("DescribeInstances", cancellationToken, () => true).ConfigureAwait(false);
            await _world.Answer("DescribeInstanceStatus", cancellationToken, () => true).ConfigureAwait(false);
            for (int i = 0; i < requests.Count; i++)
            {
                try
                {
                    outcomes.Add(Succeeded(i, await _machines.MakeAsync(requests[i], named[i]).ConfigureAwait(false)));
                }
                catch (Exception ex)
                {
                    outcomes.Add(Failed(i, ex));
                }
            }

            return outcomes;
        }

        private static LaunchOutcome<MachineInstance> Succeeded(int index, MachineInstance machine) => LaunchOutcome<MachineInstance>.Succeeded(index, machine);

        private static LaunchOutcome<MachineInstance> Failed(int index, Exception error) => LaunchOutcome<MachineInstance>.Failed(index, error);

        public Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken) => _machines.LaunchAsync(request, status, cancellationToken);

        public Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken) => _machines.ListAsync(cancellationToken);

        public Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken) => _machines.RemoveAsync(machine, cancellationToken);

        public Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken) => _machines.GetDockerConnectionAsync(machine, cancellationToken);

        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => _machines;
    }
}
