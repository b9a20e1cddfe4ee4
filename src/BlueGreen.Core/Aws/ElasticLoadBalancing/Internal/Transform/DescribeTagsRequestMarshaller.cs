using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeTags to its Query protocol form (Action=DescribeTags, Version=2015-12-01).</summary>
    internal sealed class DescribeTagsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeTagsRequestMarshaller Instance = new DescribeTagsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeTagsRequest)input);

        internal IRequest Marshall(DescribeTagsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeTags");
            writer.AddStrings("ResourceArns", request.ResourceArns);
            return writer.Finish();
        }
    }
}
