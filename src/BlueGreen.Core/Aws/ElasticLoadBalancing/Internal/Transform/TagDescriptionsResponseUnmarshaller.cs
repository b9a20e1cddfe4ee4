using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the TagDescriptions list of DescribeTags.</summary>
    internal sealed class TagDescriptionsResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<TagDescriptionsResponse>
    {
        internal static readonly TagDescriptionsResponseUnmarshaller DescribeTags = new TagDescriptionsResponseUnmarshaller("DescribeTags");

        private TagDescriptionsResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, TagDescriptionsResponse response)
        {
            if (context.TestExpression("TagDescriptions/member", depth))
            {
                response.TagDescriptions.Add(TagDescriptionUnmarshaller.Instance.Unmarshall(context));
            }
        }
    }
}
