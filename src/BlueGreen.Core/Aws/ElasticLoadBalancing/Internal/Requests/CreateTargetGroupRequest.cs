namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of CreateTargetGroup: the caller's <see cref="Model.CreateTargetGroupRequest"/> (see CreateTargetGroupRequestMarshaller).</summary>
    internal sealed class CreateTargetGroupRequest : ElasticLoadBalancingV2Request
    {
        public CreateTargetGroupRequest(Model.CreateTargetGroupRequest input)
        {
            Input = input;
        }

        public Model.CreateTargetGroupRequest Input { get; }
    }
}
