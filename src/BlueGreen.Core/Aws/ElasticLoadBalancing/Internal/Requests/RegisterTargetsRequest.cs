using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of RegisterTargets (see RegisterTargetsRequestMarshaller).</summary>
    internal sealed class RegisterTargetsRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }

        public List<TargetDescription> Targets { get; set; } = new List<TargetDescription>();
    }
}
