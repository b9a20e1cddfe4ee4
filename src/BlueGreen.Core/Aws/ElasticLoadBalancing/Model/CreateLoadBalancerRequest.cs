namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What CreateLoadBalancer takes.</summary>
    public sealed class CreateLoadBalancerRequest
    {
        public string? Name { get; set; }

        public List<string> Subnets { get; set; } = new List<string>();

        public List<string> SecurityGroups { get; set; } = new List<string>();

        public string? Scheme { get; set; }

        public string? Type { get; set; }

        public string? IpAddressType { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
