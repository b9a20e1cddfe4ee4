namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DeleteListener (see DeleteListenerRequestMarshaller).</summary>
    internal sealed class DeleteListenerRequest : ElasticLoadBalancingV2Request
    {
        public string? ListenerArn { get; set; }
    }
}
