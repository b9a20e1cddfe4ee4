using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a RuleCondition element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class RuleConditionUnmarshaller : IXmlUnmarshaller<RuleCondition, XmlUnmarshallerContext>
    {
        internal static readonly RuleConditionUnmarshaller Instance = new RuleConditionUnmarshaller();

        public RuleCondition Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new RuleCondition();
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

                if (context.TestExpression("Field", targetDepth))
                {
                    result.Field = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Values/member", targetDepth))
                {
                    result.Values.Add(StringUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("HostHeaderConfig", targetDepth))
                {
                    result.HostHeaderConfig = HostHeaderConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("PathPatternConfig", targetDepth))
                {
                    result.PathPatternConfig = PathPatternConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HttpHeaderConfig", targetDepth))
                {
                    result.HttpHeaderConfig = HttpHeaderConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("QueryStringConfig", targetDepth))
                {
                    result.QueryStringConfig = QueryStringConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HttpRequestMethodConfig", targetDepth))
                {
                    result.HttpRequestMethodConfig = HttpRequestMethodConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("SourceIpConfig", targetDepth))
                {
                    result.SourceIpConfig = SourceIpConditionConfigUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
