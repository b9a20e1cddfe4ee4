using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of ModifyRule (see ModifyRuleRequestMarshaller).</summary>
    internal sealed class ModifyRuleRequest : ElasticLoadBalancingV2Request
    {
        public string? RuleArn { get; set; }

        public List<Action> Actions { get; set; } = new List<Action>();
    }
}
