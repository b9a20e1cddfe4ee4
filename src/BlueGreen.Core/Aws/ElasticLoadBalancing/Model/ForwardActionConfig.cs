namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The target groups a forward action spreads requests over, with weights and stickiness.</summary>
    public sealed class ForwardActionConfig
    {
        public List<TargetGroupTuple> TargetGroups { get; set; } = new List<TargetGroupTuple>();

        public TargetGroupStickinessConfig? TargetGroupStickinessConfig { get; set; }
    }
}
