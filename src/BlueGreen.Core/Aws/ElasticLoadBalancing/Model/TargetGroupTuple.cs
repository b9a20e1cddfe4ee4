namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>One target group of a forward action and its weight (0-999).</summary>
    public sealed class TargetGroupTuple
    {
        public string? TargetGroupArn { get; set; }

        public int? Weight { get; set; }
    }
}
