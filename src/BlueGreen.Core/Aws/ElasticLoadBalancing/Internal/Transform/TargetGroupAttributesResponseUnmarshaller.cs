using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the Attributes list of DescribeTargetGroupAttributes and ModifyTargetGroupAttributes.</summary>
    internal sealed class TargetGroupAttributesResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<TargetGroupAttributesResponse>
    {
        internal static readonly TargetGroupAttributesResponseUnmarshaller DescribeTargetGroupAttributes = new TargetGroupAttributesResponseUnmarshaller("DescribeTargetGroupAttributes");

        internal static readonly TargetGroupAttributesResponseUnmarshaller ModifyTargetGroupAttributes = new TargetGroupAttributesResponseUnmarshaller("ModifyTargetGroupAttributes");

        private TargetGroupAttributesResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, TargetGroupAttributesResponse response)
        {
            if (context.TestExpression("Attributes/member", depth))
            {
                response.Attributes.Add(TargetGroupAttributeUnmarshaller.Instance.Unmarshall(context));
            }
        }
    }
}
