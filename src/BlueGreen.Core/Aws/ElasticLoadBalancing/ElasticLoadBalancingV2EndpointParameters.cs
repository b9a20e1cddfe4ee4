using Amazon.Runtime.Endpoints;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// The inputs of the Elastic Load Balancing v2 endpoint rule set (Region, UseDualStack, UseFIPS, Endpoint), as the
    /// SDK's generated ElasticLoadBalancingV2EndpointParameters. A custom ClientConfig.EndpointProvider receives these.
    /// </summary>
    public sealed class ElasticLoadBalancingV2EndpointParameters : EndpointParameters
    {
        public ElasticLoadBalancingV2EndpointParameters()
        {
            UseDualStack = false;
            UseFIPS = false;
        }

        public string? Region
        {
            get => (string?)this["Region"];
            set => this["Region"] = value;
        }

        public bool? UseDualStack
        {
            get => (bool?)this["UseDualStack"];
            set => this["UseDualStack"] = value;
        }

        public bool? UseFIPS
        {
            get => (bool?)this["UseFIPS"];
            set => this["UseFIPS"] = value;
        }

        /// <summary>An explicit endpoint (ServiceURL or an AWS_ENDPOINT_URL* setting); it wins over the regional one.</summary>
        public string? Endpoint
        {
            get => (string?)this["Endpoint"];
            set => this["Endpoint"] = value;
        }
    }
}
