using Amazon.Runtime.Endpoints;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The inputs of the standard AWS endpoint rule set (Region, UseDualStack, UseFIPS, Endpoint) that ELBv2 and
    /// CloudWatch share, as the SDK's generated *EndpointParameters. A custom ClientConfig.EndpointProvider receives these.
    /// </summary>
    public sealed class QueryEndpointParameters : EndpointParameters
    {
        public QueryEndpointParameters()
        {
            UseDualStack = false;
            UseFIPS = false;
        }

        public string? Region { get => (string?)this["Region"]; set => this["Region"] = value; }

        public bool? UseDualStack { get => (bool?)this["UseDualStack"]; set => this["UseDualStack"] = value; }

        public bool? UseFIPS { get => (bool?)this["UseFIPS"]; set => this["UseFIPS"] = value; }

        /// <summary>An explicit endpoint (ServiceURL or an AWS_ENDPOINT_URL* setting); it wins over the regional one.</summary>
        public string? Endpoint { get => (string?)this["Endpoint"]; set => this["Endpoint"] = value; }
    }
}
