namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DeleteRule (see DeleteRuleRequestMarshaller).</summary>
    internal sealed class DeleteRuleRequest : ElasticLoadBalancingV2Request
    {
        public string? RuleArn { get; set; }
    }
}
