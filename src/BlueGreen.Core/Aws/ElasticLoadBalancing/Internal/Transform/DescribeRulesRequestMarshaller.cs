using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DescribeRules to its Query protocol form (Action=DescribeRules, Version=2015-12-01).</summary>
    internal sealed class DescribeRulesRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DescribeRulesRequestMarshaller Instance = new DescribeRulesRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeRulesRequest)input);

        internal IRequest Marshall(DescribeRulesRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DescribeRules");
            writer.Add("ListenerArn", request.ListenerArn);
            writer.AddStrings("RuleArns", request.RuleArns);
            writer.Add("Marker", request.Marker);
            writer.Add("PageSize", request.PageSize);
            return writer.Finish();
        }
    }
}
