using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeTargetGroups (see DescribeTargetGroupsRequestMarshaller).</summary>
    internal sealed class DescribeTargetGroupsRequest : ElasticLoadBalancingV2Request
    {
        public string? LoadBalancerArn { get; set; }

        public List<string> Names { get; set; } = new List<string>();

        public List<string> TargetGroupArns { get; set; } = new List<string>();

        public string? Marker { get; set; }

        public int? PageSize { get; set; }
    }
}
