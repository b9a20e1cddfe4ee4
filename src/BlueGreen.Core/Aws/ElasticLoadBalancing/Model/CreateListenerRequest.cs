namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What CreateListener takes.</summary>
    public sealed class CreateListenerRequest
    {
        public string? LoadBalancerArn { get; set; }

        public string? Protocol { get; set; }

        public int? Port { get; set; }

        public string? SslPolicy { get; set; }

        public List<Certificate> Certificates { get; set; } = new List<Certificate>();

        public List<Action> DefaultActions { get; set; } = new List<Action>();

        public List<string> AlpnPolicy { get; set; } = new List<string>();

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
