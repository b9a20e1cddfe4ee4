using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a QueryStringConditionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class QueryStringConditionConfigUnmarshaller : IXmlUnmarshaller<QueryStringConditionConfig, XmlUnmarshallerContext>
    {
        internal static readonly QueryStringConditionConfigUnmarshaller Instance = new QueryStringConditionConfigUnmarshaller();

        public QueryStringConditionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new QueryStringConditionConfig();
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

                if (context.TestExpression("Values/member", targetDepth))
                {
                    result.Values.Add(QueryStringKeyValuePairUnmarshaller.Instance.Unmarshall(context));
                }
            }

            return result;
        }
    }
}
