using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeTargetHealth to its Query protocol form (Action=DescribeTargetHealth, Version=2015-12-01).</summary>
    internal sealed class DescribeTargetHealthRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeTargetHealthRequestMarshaller Instance = new DescribeTargetHealthRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeTargetHealthRequest)input);

        internal IRequest Marshall(DescribeTargetHealthRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeTargetHealth");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            writer.AddTargets("Targets", request.Targets);
            return writer.Finish();
        }
    }
}
