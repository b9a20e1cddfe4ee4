using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the TargetHealthDescriptions list of DescribeTargetHealth.</summary>
    internal sealed class TargetHealthDescriptionsResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<TargetHealthDescriptionsResponse>
    {
        internal static readonly TargetHealthDescriptionsResponseUnmarshaller DescribeTargetHealth = new TargetHealthDescriptionsResponseUnmarshaller("DescribeTargetHealth");

        private TargetHealthDescriptionsResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, TargetHealthDescriptionsResponse response)
        {
            if (context.TestExpression("TargetHealthDescriptions/member", depth))
            {
                response.TargetHealthDescriptions.Add(TargetHealthDescriptionUnmarshaller.Instance.Unmarshall(context));
            }
        }
    }
}
