using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a LoadBalancer element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class LoadBalancerUnmarshaller : IXmlUnmarshaller<LoadBalancer, XmlUnmarshallerContext>
    {
        internal static readonly LoadBalancerUnmarshaller Instance = new LoadBalancerUnmarshaller();

        public LoadBalancer Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new LoadBalancer();
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

                if (context.TestExpression("LoadBalancerArn", targetDepth))
                {
                    result.LoadBalancerArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("DNSName", targetDepth))
                {
                    result.DNSName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("CanonicalHostedZoneId", targetDepth))
                {
                    result.CanonicalHostedZoneId = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("CreatedTime", targetDepth))
                {
                    result.CreatedTime = NullableDateTimeUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("LoadBalancerName", targetDepth))
                {
                    result.LoadBalancerName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Scheme", targetDepth))
                {
                    result.Scheme = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("VpcId", targetDepth))
                {
                    result.VpcId = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("State", targetDepth))
                {
                    result.State = LoadBalancerStateUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Type", targetDepth))
                {
                    result.Type = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AvailabilityZones/member", targetDepth))
                {
                    result.AvailabilityZones.Add(AvailabilityZoneUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("SecurityGroups/member", targetDepth))
                {
                    result.SecurityGroups.Add(StringUnmarshaller.Instance.Unmarshall(context));
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
