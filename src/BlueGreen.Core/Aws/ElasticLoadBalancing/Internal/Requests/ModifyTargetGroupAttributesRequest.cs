using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of ModifyTargetGroupAttributes (see ModifyTargetGroupAttributesRequestMarshaller).</summary>
    internal sealed class ModifyTargetGroupAttributesRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }

        public List<TargetGroupAttribute> Attributes { get; set; } = new List<TargetGroupAttribute>();
    }
}
