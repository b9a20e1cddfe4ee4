using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals ModifyListener to its Query protocol form (Action=ModifyListener, Version=2015-12-01).</summary>
    internal sealed class ModifyListenerRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly ModifyListenerRequestMarshaller Instance = new ModifyListenerRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ModifyListenerRequest)input);

        internal IRequest Marshall(ModifyListenerRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "ModifyListener");
            writer.Add("ListenerArn", request.ListenerArn);
            writer.AddActions("DefaultActions", request.DefaultActions);
            return writer.Finish();
        }
    }
}
