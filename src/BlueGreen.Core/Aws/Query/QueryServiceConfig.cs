using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// Client configuration of a service spoken through <see cref="QueryServiceClient"/>, built from its service model the
    /// way the AWS SDK's generated *Config classes are: the model's service id makes the SDK honour
    /// AWS_ENDPOINT_URL_{SERVICE_ID}, AWS_ENDPOINT_URL and the shared config's per-service endpoint_url;
    /// <see cref="ClientConfig.ServiceURL"/> set explicitly wins over them. Requests are signed with SigV4 for the
    /// model's signing name. Subclasses name the model (a static one: the base constructor already reads it).
    /// </summary>
    public abstract class QueryServiceConfig : ClientConfig
    {
        private readonly QueryEndpointResolver _operationEndpointResolver = new QueryEndpointResolver();

        protected QueryServiceConfig()
            : base(new DefaultConfigurationProvider(StandardDefaultConfiguration.All))
        {
            ServiceId = Model.ServiceId;
            AuthenticationServiceName = Model.SigningName;
            EndpointProvider = new StandardEndpointProvider(Model.EndpointPrefix);
        }

        /// <summary>The service model: API version, signing name, endpoint prefix, operations and shapes.</summary>
        public abstract ServiceModel Model { get; }

        public override string RegionEndpointServiceName => Model.EndpointPrefix;

        public override string ServiceVersion => Model.ApiVersion;

        public override string UserAgent =>
            InternalSDKUtils.BuildUserAgentString(Model.ServiceId.Replace(' ', '_'), typeof(QueryServiceConfig).Assembly.GetName().Version?.ToString() ?? "0.0.0");

        /// <summary>
        /// Bounds the calls in flight of the clients made with this configuration, together with the other clients
        /// sharing the limiter (see <see cref="AwsRequestSlotHandler"/>); null: no bound.
        /// </summary>
        public AwsRequestLimiter? RequestLimiter { get; set; }

        /// <summary>The endpoint a request would be sent to with this configuration (what the SDK's pipeline resolves).</summary>
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            var requestContext = new RequestContext(false)
            {
                ClientConfig = this,
                OriginalRequest = parameters.Request,
                Request = new DefaultRequest(parameters.Request, Model.ServiceId) { AlternateEndpoint = parameters.AlternateEndpoint },
            };
            return _operationEndpointResolver.GetEndpoint(new Amazon.Runtime.Internal.ExecutionContext(requestContext, null));
        }
    }
}
