namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of CreateLoadBalancer: the caller's <see cref="Model.CreateLoadBalancerRequest"/> (see CreateLoadBalancerRequestMarshaller).</summary>
    internal sealed class CreateLoadBalancerRequest : ElasticLoadBalancingV2Request
    {
        public CreateLoadBalancerRequest(Model.CreateLoadBalancerRequest input)
        {
            Input = input;
        }

        public Model.CreateLoadBalancerRequest Input { get; }
    }
}
