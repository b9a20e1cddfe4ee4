using System.Collections.Generic;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of DescribeTags.</summary>
    internal sealed class TagDescriptionsResponse : AmazonWebServiceResponse
    {
        public List<TagDescription> TagDescriptions { get; } = new List<TagDescription>();
    }
}
