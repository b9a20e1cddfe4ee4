using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DeleteListener to its Query protocol form (Action=DeleteListener, Version=2015-12-01).</summary>
    internal sealed class DeleteListenerRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DeleteListenerRequestMarshaller Instance = new DeleteListenerRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DeleteListenerRequest)input);

        internal IRequest Marshall(DeleteListenerRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DeleteListener");
            writer.Add("ListenerArn", request.ListenerArn);
            return writer.Finish();
        }
    }
}
