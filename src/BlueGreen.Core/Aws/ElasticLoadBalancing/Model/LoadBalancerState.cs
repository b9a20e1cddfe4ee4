namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The state of a load balancer.</summary>
    public sealed class LoadBalancerState
    {
        /// <summary>active, provisioning, active_impaired or failed (the model's LoadBalancerStateEnum).</summary>
        public string? Code { get; set; }

        public string? Reason { get; set; }
    }
}
