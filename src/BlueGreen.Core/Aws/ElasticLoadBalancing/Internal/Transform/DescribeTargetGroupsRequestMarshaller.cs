using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeTargetGroups to its Query protocol form (Action=DescribeTargetGroups, Version=2015-12-01).</summary>
    internal sealed class DescribeTargetGroupsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeTargetGroupsRequestMarshaller Instance = new DescribeTargetGroupsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeTargetGroupsRequest)input);

        internal IRequest Marshall(DescribeTargetGroupsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeTargetGroups");
            writer.Add("LoadBalancerArn", request.LoadBalancerArn);
            writer.AddStrings("TargetGroupArns", request.TargetGroupArns);
            writer.AddStrings("Names", request.Names);
            writer.Add("Marker", request.Marker);
            writer.Add("PageSize", request.PageSize);
            return writer.Finish();
        }
    }
}
