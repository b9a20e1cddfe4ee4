using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals CreateListener to its Query protocol form (Action=CreateListener, Version=2015-12-01).</summary>
    internal sealed class CreateListenerRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly CreateListenerRequestMarshaller Instance = new CreateListenerRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((CreateListenerRequest)input);

        internal IRequest Marshall(CreateListenerRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "CreateListener");
            Model.CreateListenerRequest input = request.Input;
            writer.Add("LoadBalancerArn", input.LoadBalancerArn);
            writer.Add("Protocol", input.Protocol);
            writer.Add("Port", input.Port);
            writer.Add("SslPolicy", input.SslPolicy);
            writer.AddCertificates("Certificates", input.Certificates);
            writer.AddActions("DefaultActions", input.DefaultActions);
            writer.AddStrings("AlpnPolicy", input.AlpnPolicy);
            writer.AddTags("Tags", input.Tags);
            return writer.Finish();
        }
    }
}
