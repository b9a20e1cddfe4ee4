using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a LoadBalancerState element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class LoadBalancerStateUnmarshaller : IXmlUnmarshaller<LoadBalancerState, XmlUnmarshallerContext>
    {
        internal static readonly LoadBalancerStateUnmarshaller Instance = new LoadBalancerStateUnmarshaller();

        public LoadBalancerState Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new LoadBalancerState();
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

                if (context.TestExpression("Code", targetDepth))
                {
                    result.Code = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Reason", targetDepth))
                {
                    result.Reason = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
