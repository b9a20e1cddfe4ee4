namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>Target group stickiness of a forward action.</summary>
    public sealed class TargetGroupStickinessConfig
    {
        public bool? Enabled { get; set; }

        public int? DurationSeconds { get; set; }
    }
}
