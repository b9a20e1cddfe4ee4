namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>An Elastic Load Balancing v2 load balancer (DescribeLoadBalancers, CreateLoadBalancer).</summary>
    public sealed class LoadBalancer
    {
        public string? LoadBalancerArn { get; set; }

        public string? LoadBalancerName { get; set; }

        public string? DNSName { get; set; }

        public string? CanonicalHostedZoneId { get; set; }

        /// <summary>When the load balancer was created (UTC).</summary>
        public DateTime? CreatedTime { get; set; }

        /// <summary>internet-facing or internal.</summary>
        public string? Scheme { get; set; }

        /// <summary>application, network or gateway.</summary>
        public string? Type { get; set; }

        public LoadBalancerState? State { get; set; }

        public string? VpcId { get; set; }

        /// <summary>ipv4 or dualstack.</summary>
        public string? IpAddressType { get; set; }

        public List<string> SecurityGroups { get; set; } = new List<string>();

        public List<AvailabilityZone> AvailabilityZones { get; set; } = new List<AvailabilityZone>();
    }
}
