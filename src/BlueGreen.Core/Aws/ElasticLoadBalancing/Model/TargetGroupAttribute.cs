namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>One attribute of a target group, e.g. deregistration_delay.timeout_seconds = 300 or stickiness.enabled = false.</summary>
    public sealed class TargetGroupAttribute
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
