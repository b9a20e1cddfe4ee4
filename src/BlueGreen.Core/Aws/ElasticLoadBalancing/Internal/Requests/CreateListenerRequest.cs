namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of CreateListener: the caller's <see cref="Model.CreateListenerRequest"/> (see CreateListenerRequestMarshaller).</summary>
    internal sealed class CreateListenerRequest : ElasticLoadBalancingV2Request
    {
        public CreateListenerRequest(Model.CreateListenerRequest input)
        {
            Input = input;
        }

        public Model.CreateListenerRequest Input { get; }
    }
}
