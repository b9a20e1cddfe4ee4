using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals RemoveTags to its Query protocol form (Action=RemoveTags, Version=2015-12-01).</summary>
    internal sealed class RemoveTagsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly RemoveTagsRequestMarshaller Instance = new RemoveTagsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((RemoveTagsRequest)input);

        internal IRequest Marshall(RemoveTagsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "RemoveTags");
            writer.AddStrings("ResourceArns", request.ResourceArns);
            writer.AddStrings("TagKeys", request.TagKeys);
            return writer.Finish();
        }
    }
}
