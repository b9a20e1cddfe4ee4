namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of CreateRule: the caller's <see cref="Model.CreateRuleRequest"/> (see CreateRuleRequestMarshaller).</summary>
    internal sealed class CreateRuleRequest : ElasticLoadBalancingV2Request
    {
        public CreateRuleRequest(Model.CreateRuleRequest input)
        {
            Input = input;
        }

        public Model.CreateRuleRequest Input { get; }
    }
}
