namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>An Availability Zone a load balancer is enabled in.</summary>
    public sealed class AvailabilityZone
    {
        public string? ZoneName { get; set; }

        public string? SubnetId { get; set; }
    }
}
