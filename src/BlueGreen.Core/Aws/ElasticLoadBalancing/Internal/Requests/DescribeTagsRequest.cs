using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeTags (see DescribeTagsRequestMarshaller).</summary>
    internal sealed class DescribeTagsRequest : ElasticLoadBalancingV2Request
    {
        public List<string> ResourceArns { get; set; } = new List<string>();
    }
}
