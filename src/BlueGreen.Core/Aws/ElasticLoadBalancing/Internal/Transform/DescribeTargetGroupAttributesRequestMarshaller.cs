using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeTargetGroupAttributes to its Query protocol form (Action=DescribeTargetGroupAttributes, Version=2015-12-01).</summary>
    internal sealed class DescribeTargetGroupAttributesRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeTargetGroupAttributesRequestMarshaller Instance = new DescribeTargetGroupAttributesRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeTargetGroupAttributesRequest)input);

        internal IRequest Marshall(DescribeTargetGroupAttributesRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeTargetGroupAttributes");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            return writer.Finish();
        }
    }
}
