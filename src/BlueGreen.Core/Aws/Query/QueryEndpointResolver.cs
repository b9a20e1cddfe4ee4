using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The pipeline handler that collects the endpoint parameters of a request from the client configuration
    /// (region, FIPS, dual-stack, ServiceURL — which the SDK fills from AWS_ENDPOINT_URL_{SERVICE} /
    /// AWS_ENDPOINT_URL / shared config when not set explicitly) and lets the endpoint provider resolve them.
    /// With an explicit endpoint and no region, the signing region is the configured AuthenticationRegion, else the one
    /// the URL names, else us-east-1; requests to an explicit endpoint are signed for that region.
    /// </summary>
    internal sealed class QueryEndpointResolver : BaseEndpointResolver
    {
        protected override void ServiceSpecificHandler(IExecutionContext executionContext, EndpointParameters parameters)
        {
            InjectHostPrefix(executionContext.RequestContext);

            // With a custom endpoint (ServiceURL, AWS_ENDPOINT_URL*) the SDK's signer would guess the signing region
            // from the URL (us-east-1 for http://127.0.0.1:4566) even though a region is configured: sign for the
            // region the endpoint parameters were resolved for instead, unless AuthenticationRegion says otherwise.
            IRequestContext requestContext = executionContext.RequestContext;
            if (!string.IsNullOrEmpty(requestContext.ClientConfig.ServiceURL) && string.IsNullOrEmpty(requestContext.Request.AuthenticationRegion))
            {
                requestContext.Request.AuthenticationRegion = ((QueryEndpointParameters)parameters).Region;
            }
        }

        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            IClientConfig config = requestContext.ClientConfig;
            var parameters = new QueryEndpointParameters
            {
                Region = requestContext.Request.AlternateEndpoint?.SystemName ?? config.RegionEndpoint?.SystemName,
                UseDualStack = config.UseDualstackEndpoint,
                UseFIPS = config.UseFIPSEndpoint,
                Endpoint = config.ServiceURL,
            };

            if (config.RegionEndpoint == null && !string.IsNullOrEmpty(config.ServiceURL))
            {
                parameters.Region = !string.IsNullOrEmpty(config.AuthenticationRegion)
                    ? config.AuthenticationRegion
                    : AWSSDKUtils.DetermineRegion(config.ServiceURL) ?? RegionEndpoint.USEast1.SystemName;
            }

            if (parameters.Region == "us-east-1-regional")
            {
                parameters.Region = RegionEndpoint.USEast1.SystemName;
            }

            if (requestContext.Request.AlternateEndpoint != null)
            {
                parameters.Region = requestContext.Request.AlternateEndpoint.SystemName;
            }

            return parameters;
        }
    }
}
