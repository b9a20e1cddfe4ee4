using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a QueryStringKeyValuePair element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class QueryStringKeyValuePairUnmarshaller : IXmlUnmarshaller<QueryStringKeyValuePair, XmlUnmarshallerContext>
    {
        internal static readonly QueryStringKeyValuePairUnmarshaller Instance = new QueryStringKeyValuePairUnmarshaller();

        public QueryStringKeyValuePair Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new QueryStringKeyValuePair();
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

                if (context.TestExpression("Key", targetDepth))
                {
                    result.Key = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Value", targetDepth))
                {
                    result.Value = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
