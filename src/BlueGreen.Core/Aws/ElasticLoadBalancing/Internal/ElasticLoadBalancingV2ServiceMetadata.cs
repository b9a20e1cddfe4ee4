using System.Collections.Generic;
using Amazon.Runtime.Internal;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal
{
    /// <summary>Service metadata the SDK's pipeline reads (telemetry, client-side monitoring, global endpoint providers).</summary>
    internal sealed class ElasticLoadBalancingV2ServiceMetadata : IServiceMetadata
    {
        public string ServiceId => ElasticLoadBalancingV2Config.ServiceIdentifier;

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
    }
}
