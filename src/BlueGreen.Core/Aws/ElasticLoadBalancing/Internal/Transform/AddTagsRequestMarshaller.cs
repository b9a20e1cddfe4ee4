using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals AddTags to its Query protocol form (Action=AddTags, Version=2015-12-01).</summary>
    internal sealed class AddTagsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly AddTagsRequestMarshaller Instance = new AddTagsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((AddTagsRequest)input);

        internal IRequest Marshall(AddTagsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "AddTags");
            writer.AddStrings("ResourceArns", request.ResourceArns);
            writer.AddTags("Tags", request.Tags);
            return writer.Finish();
        }
    }
}
