using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetDescription element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetDescriptionUnmarshaller : IXmlUnmarshaller<TargetDescription, XmlUnmarshallerContext>
    {
        internal static readonly TargetDescriptionUnmarshaller Instance = new TargetDescriptionUnmarshaller();

        public TargetDescription Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetDescription();
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

                if (context.TestExpression("Id", targetDepth))
                {
                    result.Id = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Port", targetDepth))
                {
                    result.Port = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AvailabilityZone", targetDepth))
                {
                    result.AvailabilityZone = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
