using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the Rules list and NextMarker of DescribeRules, ModifyRule, CreateRule.</summary>
    internal sealed class RulesResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<RulesResponse>
    {
        internal static readonly RulesResponseUnmarshaller DescribeRules = new RulesResponseUnmarshaller("DescribeRules");

        internal static readonly RulesResponseUnmarshaller ModifyRule = new RulesResponseUnmarshaller("ModifyRule");

        internal static readonly RulesResponseUnmarshaller CreateRule = new RulesResponseUnmarshaller("CreateRule");

        private RulesResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, RulesResponse response)
        {
            if (context.TestExpression("Rules/member", depth))
            {
                response.Rules.Add(RuleUnmarshaller.Instance.Unmarshall(context));
            }
            else if (context.TestExpression("NextMarker", depth))
            {
                response.NextMarker = StringUnmarshaller.Instance.Unmarshall(context);
            }
        }
    }
}
