namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A tag of a load balancer, target group, listener or rule.</summary>
    public sealed class Tag
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
