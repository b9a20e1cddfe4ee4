using System.Collections.Generic;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of DescribeTargetGroupAttributes and ModifyTargetGroupAttributes: the group's attributes.</summary>
    internal sealed class TargetGroupAttributesResponse : AmazonWebServiceResponse
    {
        public List<TargetGroupAttribute> Attributes { get; } = new List<TargetGroupAttribute>();
    }
}
