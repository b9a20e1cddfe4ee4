using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals CreateRule to its Query protocol form (Action=CreateRule, Version=2015-12-01).</summary>
    internal sealed class CreateRuleRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly CreateRuleRequestMarshaller Instance = new CreateRuleRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((CreateRuleRequest)input);

        internal IRequest Marshall(CreateRuleRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "CreateRule");
            Model.CreateRuleRequest input = request.Input;
            writer.Add("ListenerArn", input.ListenerArn);
            writer.AddConditions("Conditions", input.Conditions);
            writer.Add("Priority", input.Priority);
            writer.AddActions("Actions", input.Actions);
            writer.AddTags("Tags", input.Tags);
            return writer.Finish();
        }
    }
}
