using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the answer of operations whose result is empty: only the response metadata (and errors) matter.</summary>
    internal sealed class EmptyResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<EmptyResponse>
    {
        internal static readonly EmptyResponseUnmarshaller RegisterTargets = new EmptyResponseUnmarshaller("RegisterTargets");

        internal static readonly EmptyResponseUnmarshaller DeregisterTargets = new EmptyResponseUnmarshaller("DeregisterTargets");

        internal static readonly EmptyResponseUnmarshaller AddTags = new EmptyResponseUnmarshaller("AddTags");

        internal static readonly EmptyResponseUnmarshaller RemoveTags = new EmptyResponseUnmarshaller("RemoveTags");

        internal static readonly EmptyResponseUnmarshaller DeleteListener = new EmptyResponseUnmarshaller("DeleteListener");

        internal static readonly EmptyResponseUnmarshaller DeleteRule = new EmptyResponseUnmarshaller("DeleteRule");

        internal static readonly EmptyResponseUnmarshaller DeleteTargetGroup = new EmptyResponseUnmarshaller("DeleteTargetGroup");

        private EmptyResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, EmptyResponse response)
        {
            // {Op}Result has no members for these operations; anything a newer API version adds is skipped.
        }
    }
}
