using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a RedirectActionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class RedirectActionConfigUnmarshaller : IXmlUnmarshaller<RedirectActionConfig, XmlUnmarshallerContext>
    {
        internal static readonly RedirectActionConfigUnmarshaller Instance = new RedirectActionConfigUnmarshaller();

        public RedirectActionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new RedirectActionConfig();
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

                if (context.TestExpression("Protocol", targetDepth))
                {
                    result.Protocol = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Port", targetDepth))
                {
                    result.Port = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Host", targetDepth))
                {
                    result.Host = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Path", targetDepth))
                {
                    result.Path = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Query", targetDepth))
                {
                    result.Query = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("StatusCode", targetDepth))
                {
                    result.StatusCode = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
