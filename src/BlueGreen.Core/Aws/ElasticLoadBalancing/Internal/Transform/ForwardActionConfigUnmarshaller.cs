using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a ForwardActionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class ForwardActionConfigUnmarshaller : IXmlUnmarshaller<ForwardActionConfig, XmlUnmarshallerContext>
    {
        internal static readonly ForwardActionConfigUnmarshaller Instance = new ForwardActionConfigUnmarshaller();

        public ForwardActionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new ForwardActionConfig();
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

                if (context.TestExpression("TargetGroups/member", targetDepth))
                {
                    result.TargetGroups.Add(TargetGroupTupleUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("TargetGroupStickinessConfig", targetDepth))
                {
                    result.TargetGroupStickinessConfig = TargetGroupStickinessConfigUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
