using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of AddTags (see AddTagsRequestMarshaller).</summary>
    internal sealed class AddTagsRequest : ElasticLoadBalancingV2Request
    {
        public List<string> ResourceArns { get; set; } = new List<string>();

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
