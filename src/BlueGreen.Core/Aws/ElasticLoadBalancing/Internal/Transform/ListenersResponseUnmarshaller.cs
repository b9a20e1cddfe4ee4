using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the Listeners list and NextMarker of DescribeListeners, ModifyListener, CreateListener.</summary>
    internal sealed class ListenersResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<ListenersResponse>
    {
        internal static readonly ListenersResponseUnmarshaller DescribeListeners = new ListenersResponseUnmarshaller("DescribeListeners");

        internal static readonly ListenersResponseUnmarshaller ModifyListener = new ListenersResponseUnmarshaller("ModifyListener");

        internal static readonly ListenersResponseUnmarshaller CreateListener = new ListenersResponseUnmarshaller("CreateListener");

        private ListenersResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, ListenersResponse response)
        {
            if (context.TestExpression("Listeners/member", depth))
            {
                response.Listeners.Add(ListenerUnmarshaller.Instance.Unmarshall(context));
            }
            else if (context.TestExpression("NextMarker", depth))
            {
                response.NextMarker = StringUnmarshaller.Instance.Unmarshall(context);
            }
        }
    }
}
