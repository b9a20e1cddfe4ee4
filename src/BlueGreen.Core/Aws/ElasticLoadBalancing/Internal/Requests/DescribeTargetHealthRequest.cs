using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeTargetHealth (see DescribeTargetHealthRequestMarshaller).</summary>
    internal sealed class DescribeTargetHealthRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }

        public List<TargetDescription> Targets { get; set; } = new List<TargetDescription>();
    }
}
