using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetGroupStickinessConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetGroupStickinessConfigUnmarshaller : IXmlUnmarshaller<TargetGroupStickinessConfig, XmlUnmarshallerContext>
    {
        internal static readonly TargetGroupStickinessConfigUnmarshaller Instance = new TargetGroupStickinessConfigUnmarshaller();

        public TargetGroupStickinessConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetGroupStickinessConfig();
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

                if (context.TestExpression("Enabled", targetDepth))
                {
                    result.Enabled = NullableBoolUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("DurationSeconds", targetDepth))
                {
                    result.DurationSeconds = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
