using System.Collections.Generic;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of DescribeTargetGroups and CreateTargetGroup: one page, with the marker of the next page when there is one.</summary>
    internal sealed class TargetGroupsResponse : AmazonWebServiceResponse
    {
        public List<TargetGroup> TargetGroups { get; } = new List<TargetGroup>();

        /// <summary>Pass as Marker to get the next page; null on the last page.</summary>
        public string? NextMarker { get; set; }
    }
}
