namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A listener of a load balancer: a port and protocol with default actions.</summary>
    public sealed class Listener
    {
        public string? ListenerArn { get; set; }

        public string? LoadBalancerArn { get; set; }

        public int? Port { get; set; }

        public string? Protocol { get; set; }

        public List<Certificate> Certificates { get; set; } = new List<Certificate>();

        public string? SslPolicy { get; set; }

        public List<Action> DefaultActions { get; set; } = new List<Action>();

        public List<string> AlpnPolicy { get; set; } = new List<string>();
    }
}
