using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a Rule element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class RuleUnmarshaller : IXmlUnmarshaller<Rule, XmlUnmarshallerContext>
    {
        internal static readonly RuleUnmarshaller Instance = new RuleUnmarshaller();

        public Rule Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Rule();
            int originalDepth = context.CurrentDepth;
            int targetDepth = originalDepth + 1;
            if (context.IsStartOfDocument)
            {
                targetDepth += 2;
            }

            while (context.ReadAtDepth(originalDepth))
            {
                if (!context.IsStartElement && !context.IsAttribute)
                {
                    continue;
                }

                if (context.TestExpression("RuleArn", targetDepth))
                {
                    result.RuleArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Priority", targetDepth))
                {
                    result.Priority = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Conditions/member", targetDepth))
                {
                    result.Conditions.Add(RuleConditionUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("Actions/member", targetDepth))
                {
                    result.Actions.Add(ActionUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("IsDefault", targetDepth))
                {
                    result.IsDefault = BoolUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
