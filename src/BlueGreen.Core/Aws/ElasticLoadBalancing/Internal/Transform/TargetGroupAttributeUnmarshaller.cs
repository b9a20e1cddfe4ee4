using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetGroupAttribute element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetGroupAttributeUnmarshaller : IXmlUnmarshaller<TargetGroupAttribute, XmlUnmarshallerContext>
    {
        internal static readonly TargetGroupAttributeUnmarshaller Instance = new TargetGroupAttributeUnmarshaller();

        public TargetGroupAttribute Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetGroupAttribute();
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
