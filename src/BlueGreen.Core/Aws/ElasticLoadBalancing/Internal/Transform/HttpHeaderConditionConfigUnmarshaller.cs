using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a HttpHeaderConditionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class HttpHeaderConditionConfigUnmarshaller : IXmlUnmarshaller<HttpHeaderConditionConfig, XmlUnmarshallerContext>
    {
        internal static readonly HttpHeaderConditionConfigUnmarshaller Instance = new HttpHeaderConditionConfigUnmarshaller();

        public HttpHeaderConditionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new HttpHeaderConditionConfig();
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

                if (context.TestExpression("HttpHeaderName", targetDepth))
                {
                    result.HttpHeaderName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Values/member", targetDepth))
                {
                    result.Values.Add(StringUnmarshaller.Instance.Unmarshall(context));
                }
            }

            return result;
        }
    }
}
