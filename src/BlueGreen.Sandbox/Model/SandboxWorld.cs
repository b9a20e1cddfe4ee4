using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Model.Monitoring;
using BlueGreen.Sandbox.Model.Parameters;

namespace BlueGreen.Sandbox.Model
{
    /// <summary>
    /// The whole in-memory state of a sandbox: its load balancing and compute resources, its SSM parameters and CloudWatch alarms. Every request runs its
    /// operation while holding <see cref="Gate"/>, so the state is consistent for any number of concurrent clients.
    /// </summary>
    internal sealed class SandboxWorld
    {
        internal SandboxWorld(SandboxOptions options, SandboxNetwork network, ResourceIdGenerator ids, IInstanceHosts? hosts = null)
        {
            Options = options;
            Network = network;
            Ids = ids;
            Hosts = hosts;
            KeyPairs = new KeyPairState(this);
            Compute = new ComputeState(this);
            LoadBalancing = new LoadBalancingState(this);
            Parameters = new ParameterStoreState(this);
            Alarms = new MetricAlarmState(this);
        }

        internal object Gate { get; } = new object();

        internal SandboxOptions Options { get; }

        internal SandboxNetwork Network { get; }

        internal ResourceIdGenerator Ids { get; }

        internal ComputeState Compute { get; }

        /// <summary>EC2 key pairs (ImportKeyPair, CreateKeyPair): the public keys host instances let in.</summary>
        internal KeyPairState KeyPairs { get; }

        /// <summary>Where host instances come from (<see cref="InstanceRuntime.Host"/>); null: instances are simulated.</summary>
        internal IInstanceHosts? Hosts { get; }

        internal LoadBalancingState LoadBalancing { get; }

        internal ParameterStoreState Parameters { get; }

        /// <summary>CloudWatch metric alarms, evaluated on <see cref="Metrics"/>.</summary>
        internal MetricAlarmState Alarms { get; }

        /// <summary>The load balancers' metrics (AWS/ApplicationELB), from what the data plane served.</summary>
        internal MetricStore Metrics { get; } = new MetricStore();

        internal DateTimeOffset Now => Options.Clock();
    }
}
