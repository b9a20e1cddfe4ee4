using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetHealth element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetHealthUnmarshaller : IXmlUnmarshaller<TargetHealth, XmlUnmarshallerContext>
    {
        internal static readonly TargetHealthUnmarshaller Instance = new TargetHealthUnmarshaller();

        public TargetHealth Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetHealth();
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

                if (context.TestExpression("State", targetDepth))
                {
                    result.State = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Reason", targetDepth))
                {
                    result.Reason = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Description", targetDepth))
                {
                    result.Description = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
