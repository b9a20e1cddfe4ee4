namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The health of one target (see TargetHealthStateEnum).</summary>
    public sealed class TargetHealth
    {
        public string? State { get; set; }

        public string? Reason { get; set; }

        public string? Description { get; set; }
    }
}
