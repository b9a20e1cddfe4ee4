using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeListeners to its Query protocol form (Action=DescribeListeners, Version=2015-12-01).</summary>
    internal sealed class DescribeListenersRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeListenersRequestMarshaller Instance = new DescribeListenersRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeListenersRequest)input);

        internal IRequest Marshall(DescribeListenersRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeListeners");
            writer.Add("LoadBalancerArn", request.LoadBalancerArn);
            writer.AddStrings("ListenerArns", request.ListenerArns);
            writer.Add("Marker", request.Marker);
            writer.Add("PageSize", request.PageSize);
            return writer.Finish();
        }
    }
}
