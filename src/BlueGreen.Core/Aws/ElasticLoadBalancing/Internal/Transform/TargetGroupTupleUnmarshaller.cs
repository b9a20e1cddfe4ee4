using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetGroupTuple element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetGroupTupleUnmarshaller : IXmlUnmarshaller<TargetGroupTuple, XmlUnmarshallerContext>
    {
        internal static readonly TargetGroupTupleUnmarshaller Instance = new TargetGroupTupleUnmarshaller();

        public TargetGroupTuple Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetGroupTuple();
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

                if (context.TestExpression("TargetGroupArn", targetDepth))
                {
                    result.TargetGroupArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Weight", targetDepth))
                {
                    result.Weight = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
