using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DeregisterTargets (see DeregisterTargetsRequestMarshaller).</summary>
    internal sealed class DeregisterTargetsRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }

        public List<TargetDescription> Targets { get; set; } = new List<TargetDescription>();
    }
}
