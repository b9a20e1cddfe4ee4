using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals CreateLoadBalancer to its Query protocol form (Action=CreateLoadBalancer, Version=2015-12-01).</summary>
    internal sealed class CreateLoadBalancerRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly CreateLoadBalancerRequestMarshaller Instance = new CreateLoadBalancerRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((CreateLoadBalancerRequest)input);

        internal IRequest Marshall(CreateLoadBalancerRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "CreateLoadBalancer");
            Model.CreateLoadBalancerRequest input = request.Input;
            writer.Add("Name", input.Name);
            writer.AddStrings("Subnets", input.Subnets);
            writer.AddStrings("SecurityGroups", input.SecurityGroups);
            writer.Add("Scheme", input.Scheme);
            writer.Add("Type", input.Type);
            writer.Add("IpAddressType", input.IpAddressType);
            writer.AddTags("Tags", input.Tags);
            return writer.Finish();
        }
    }
}
