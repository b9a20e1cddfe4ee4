using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DeleteRule to its Query protocol form (Action=DeleteRule, Version=2015-12-01).</summary>
    internal sealed class DeleteRuleRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DeleteRuleRequestMarshaller Instance = new DeleteRuleRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DeleteRuleRequest)input);

        internal IRequest Marshall(DeleteRuleRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DeleteRule");
            writer.Add("RuleArn", request.RuleArn);
            return writer.Finish();
        }
    }
}
