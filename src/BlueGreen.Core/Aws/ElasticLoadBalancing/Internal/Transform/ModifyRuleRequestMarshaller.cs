using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals ModifyRule to its Query protocol form (Action=ModifyRule, Version=2015-12-01).</summary>
    internal sealed class ModifyRuleRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly ModifyRuleRequestMarshaller Instance = new ModifyRuleRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ModifyRuleRequest)input);

        internal IRequest Marshall(ModifyRuleRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "ModifyRule");
            writer.Add("RuleArn", request.RuleArn);
            writer.AddActions("Actions", request.Actions);
            return writer.Finish();
        }
    }
}
