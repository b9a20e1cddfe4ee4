using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using BlueGreen.Aws.ElasticLoadBalancing.Internal;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Client configuration for Elastic Load Balancing v2, built the way the AWS SDK's generated
    /// AmazonElasticLoadBalancingV2Config is: the service id "Elastic Load Balancing v2" makes the SDK honour
    /// AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL and the shared config's
    /// <c>elastic_load_balancing_v2 = endpoint_url</c>; <see cref="ClientConfig.ServiceURL"/> set explicitly wins over them.
    /// Requests are signed with SigV4 for the signing name "elasticloadbalancing".
    /// </summary>
    public sealed class ElasticLoadBalancingV2Config : ClientConfig
    {
        /// <summary>The AWS service id; its upper-cased form names the service-specific endpoint variable.</summary>
        public const string ServiceIdentifier = "Elastic Load Balancing v2";

        /// <summary>The SigV4 signing name and the endpoint prefix.</summary>
        public const string SigningName = "elasticloadbalancing";

        /// <summary>The Query protocol API version every request carries.</summary>
        public const string ApiVersion = "2015-12-01";

        private static readonly string UserAgentString = InternalSDKUtils.BuildUserAgentString("Elastic_Load_Balancing_v2", typeof(ElasticLoadBalancingV2Config).Assembly.GetName().Version?.ToString() ?? "0.0.0");

        private static readonly ElasticLoadBalancingV2EndpointResolver OperationEndpointResolver = new ElasticLoadBalancingV2EndpointResolver();

        public ElasticLoadBalancingV2Config()
            : base(new DefaultConfigurationProvider(ElasticLoadBalancingV2DefaultConfiguration.All))
        {
            ServiceId = ServiceIdentifier;
            AuthenticationServiceName = SigningName;
            EndpointProvider = new ElasticLoadBalancingV2EndpointProvider();
        }

        public override string RegionEndpointServiceName => SigningName;

        public override string ServiceVersion => ApiVersion;

        public override string UserAgent => UserAgentString;

        /// <summary>The endpoint a request would be sent to with this configuration (what the SDK's pipeline resolves).</summary>
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            var requestContext = new RequestContext(false)
            {
                ClientConfig = this,
                OriginalRequest = parameters.Request,
                Request = new DefaultRequest(parameters.Request, ServiceIdentifier) { AlternateEndpoint = parameters.AlternateEndpoint },
            };
            return OperationEndpointResolver.GetEndpoint(new ExecutionContext(requestContext, null));
        }
    }
}
