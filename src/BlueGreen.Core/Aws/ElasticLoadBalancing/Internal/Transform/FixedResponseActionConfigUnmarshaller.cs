using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a FixedResponseActionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class FixedResponseActionConfigUnmarshaller : IXmlUnmarshaller<FixedResponseActionConfig, XmlUnmarshallerContext>
    {
        internal static readonly FixedResponseActionConfigUnmarshaller Instance = new FixedResponseActionConfigUnmarshaller();

        public FixedResponseActionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new FixedResponseActionConfig();
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

                if (context.TestExpression("MessageBody", targetDepth))
                {
                    result.MessageBody = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("StatusCode", targetDepth))
                {
                    result.StatusCode = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("ContentType", targetDepth))
                {
                    result.ContentType = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
