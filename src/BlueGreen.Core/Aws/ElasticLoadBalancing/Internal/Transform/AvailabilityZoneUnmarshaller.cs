using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads an AvailabilityZone element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class AvailabilityZoneUnmarshaller : IXmlUnmarshaller<AvailabilityZone, XmlUnmarshallerContext>
    {
        internal static readonly AvailabilityZoneUnmarshaller Instance = new AvailabilityZoneUnmarshaller();

        public AvailabilityZone Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new AvailabilityZone();
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

                if (context.TestExpression("ZoneName", targetDepth))
                {
                    result.ZoneName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("SubnetId", targetDepth))
                {
                    result.SubnetId = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
