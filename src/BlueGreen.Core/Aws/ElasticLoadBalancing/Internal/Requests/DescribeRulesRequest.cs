using System.Collections.Generic;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeRules (see DescribeRulesRequestMarshaller).</summary>
    internal sealed class DescribeRulesRequest : ElasticLoadBalancingV2Request
    {
        public string? ListenerArn { get; set; }

        public List<string> RuleArns { get; set; } = new List<string>();

        public string? Marker { get; set; }

        public int? PageSize { get; set; }
    }
}
