using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of RemoveTags (see RemoveTagsRequestMarshaller).</summary>
    internal sealed class RemoveTagsRequest : ElasticLoadBalancingV2Request
    {
        public List<string> ResourceArns { get; set; } = new List<string>();

        public List<string> TagKeys { get; set; } = new List<string>();
    }
}
