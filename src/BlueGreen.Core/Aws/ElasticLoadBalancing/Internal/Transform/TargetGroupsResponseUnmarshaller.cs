using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the TargetGroups list and NextMarker of DescribeTargetGroups, CreateTargetGroup.</summary>
    internal sealed class TargetGroupsResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<TargetGroupsResponse>
    {
        internal static readonly TargetGroupsResponseUnmarshaller DescribeTargetGroups = new TargetGroupsResponseUnmarshaller("DescribeTargetGroups");

        internal static readonly TargetGroupsResponseUnmarshaller CreateTargetGroup = new TargetGroupsResponseUnmarshaller("CreateTargetGroup");

        private TargetGroupsResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, TargetGroupsResponse response)
        {
            if (context.TestExpression("TargetGroups/member", depth))
            {
                response.TargetGroups.Add(TargetGroupUnmarshaller.Instance.Unmarshall(context));
            }
            else if (context.TestExpression("NextMarker", depth))
            {
                response.NextMarker = StringUnmarshaller.Instance.Unmarshall(context);
            }
        }
    }
}
