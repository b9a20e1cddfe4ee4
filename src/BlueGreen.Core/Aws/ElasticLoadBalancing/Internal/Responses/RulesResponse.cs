using System.Collections.Generic;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of DescribeRules, ModifyRule and CreateRule: one page, with the marker of the next page when there is one.</summary>
    internal sealed class RulesResponse : AmazonWebServiceResponse
    {
        public List<Rule> Rules { get; } = new List<Rule>();

        /// <summary>Pass as Marker to get the next page; null on the last page.</summary>
        public string? NextMarker { get; set; }
    }
}
