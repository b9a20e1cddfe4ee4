using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads the LoadBalancers list and NextMarker of DescribeLoadBalancers, CreateLoadBalancer.</summary>
    internal sealed class LoadBalancersResponseUnmarshaller : ElasticLoadBalancingV2ResponseUnmarshaller<LoadBalancersResponse>
    {
        internal static readonly LoadBalancersResponseUnmarshaller DescribeLoadBalancers = new LoadBalancersResponseUnmarshaller("DescribeLoadBalancers");

        internal static readonly LoadBalancersResponseUnmarshaller CreateLoadBalancer = new LoadBalancersResponseUnmarshaller("CreateLoadBalancer");

        private LoadBalancersResponseUnmarshaller(string operation)
            : base(operation)
        {
        }

        protected override void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, LoadBalancersResponse response)
        {
            if (context.TestExpression("LoadBalancers/member", depth))
            {
                response.LoadBalancers.Add(LoadBalancerUnmarshaller.Instance.Unmarshall(context));
            }
            else if (context.TestExpression("NextMarker", depth))
            {
                response.NextMarker = StringUnmarshaller.Instance.Unmarshall(context);
            }
        }
    }
}
