namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A target group: where a forward action sends requests, with its health check settings.</summary>
    public sealed class TargetGroup : TargetGroupSettings
    {
        public string? TargetGroupArn { get; set; }

        public string? TargetGroupName { get; set; }

        /// <summary>The load balancers that route traffic to this group.</summary>
        public List<string> LoadBalancerArns { get; set; } = new List<string>();
    }
}
