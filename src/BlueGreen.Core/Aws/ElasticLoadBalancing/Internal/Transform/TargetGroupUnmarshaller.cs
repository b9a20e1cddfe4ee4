using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TargetGroup element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TargetGroupUnmarshaller : IXmlUnmarshaller<TargetGroup, XmlUnmarshallerContext>
    {
        internal static readonly TargetGroupUnmarshaller Instance = new TargetGroupUnmarshaller();

        public TargetGroup Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TargetGroup();
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
                else if (context.TestExpression("TargetGroupName", targetDepth))
                {
                    result.TargetGroupName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Protocol", targetDepth))
                {
                    result.Protocol = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Port", targetDepth))
                {
                    result.Port = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("VpcId", targetDepth))
                {
                    result.VpcId = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckProtocol", targetDepth))
                {
                    result.HealthCheckProtocol = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckPort", targetDepth))
                {
                    result.HealthCheckPort = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckEnabled", targetDepth))
                {
                    result.HealthCheckEnabled = NullableBoolUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckIntervalSeconds", targetDepth))
                {
                    result.HealthCheckIntervalSeconds = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckTimeoutSeconds", targetDepth))
                {
                    result.HealthCheckTimeoutSeconds = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthyThresholdCount", targetDepth))
                {
                    result.HealthyThresholdCount = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("UnhealthyThresholdCount", targetDepth))
                {
                    result.UnhealthyThresholdCount = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("HealthCheckPath", targetDepth))
                {
                    result.HealthCheckPath = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Matcher", targetDepth))
                {
                    result.Matcher = MatcherUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("LoadBalancerArns/member", targetDepth))
                {
                    result.LoadBalancerArns.Add(StringUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("TargetType", targetDepth))
                {
                    result.TargetType = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("ProtocolVersion", targetDepth))
                {
                    result.ProtocolVersion = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("IpAddressType", targetDepth))
                {
                    result.IpAddressType = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
