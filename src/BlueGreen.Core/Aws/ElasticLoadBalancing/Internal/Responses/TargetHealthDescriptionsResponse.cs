using System.Collections.Generic;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of DescribeTargetHealth.</summary>
    internal sealed class TargetHealthDescriptionsResponse : AmazonWebServiceResponse
    {
        public List<TargetHealthDescription> TargetHealthDescriptions { get; } = new List<TargetHealthDescription>();
    }
}
