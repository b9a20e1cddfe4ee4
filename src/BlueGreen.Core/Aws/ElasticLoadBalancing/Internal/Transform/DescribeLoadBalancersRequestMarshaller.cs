using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeLoadBalancers to its Query protocol form (Action=DescribeLoadBalancers, Version=2015-12-01).</summary>
    internal sealed class DescribeLoadBalancersRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeLoadBalancersRequestMarshaller Instance = new DescribeLoadBalancersRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeLoadBalancersRequest)input);

        internal IRequest Marshall(DescribeLoadBalancersRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeLoadBalancers");
            writer.AddStrings("LoadBalancerArns", request.LoadBalancerArns);
            writer.AddStrings("Names", request.Names);
            writer.Add("Marker", request.Marker);
            writer.Add("PageSize", request.PageSize);
            return writer.Finish();
        }
    }
}
