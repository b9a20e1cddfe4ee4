using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeListeners (see DescribeListenersRequestMarshaller).</summary>
    internal sealed class DescribeListenersRequest : ElasticLoadBalancingV2Request
    {
        public string? LoadBalancerArn { get; set; }

        public List<string> ListenerArns { get; set; } = new List<string>();

        public string? Marker { get; set; }

        public int? PageSize { get; set; }
    }
}
