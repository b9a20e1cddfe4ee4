using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeLoadBalancers (see DescribeLoadBalancersRequestMarshaller).</summary>
    internal sealed class DescribeLoadBalancersRequest : ElasticLoadBalancingV2Request
    {
        public List<string> Names { get; set; } = new List<string>();

        public List<string> LoadBalancerArns { get; set; } = new List<string>();

        public string? Marker { get; set; }

        public int? PageSize { get; set; }
    }
}
