using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetHealthDescription element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetHealthDescriptionUnmarshaller : IXmlUnmarshaller<TargetHealthDescription, XmlUnmarshallerContext>
    {
        internal static readonly TargetHealthDescriptionUnmarshaller Instance = new TargetHealthDescriptionUnmarshaller();

        public TargetHealthDescription Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetHealthDescription();
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

                if (context.TestExpression("Target", targetDepth))
                {
                    result.Target = TargetDescriptionUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckPort", targetDepth))
                {
                    result.HealthCheckPort = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("TargetHealth", targetDepth))
                {
                    result.TargetHealth = TargetHealthUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
