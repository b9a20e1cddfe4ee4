using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime.Endpoints;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.Query;
using Xunit;
using static BlueGreen.Tests.Unit.Aws.RecordedResponses;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>SigV4 signing and endpoint resolution of the ELBv2 client (explicit settings; environment settings are in <see cref="ElasticLoadBalancingV2EnvironmentEndpointTests"/>).</summary>
    public sealed class ElasticLoadBalancingV2SigningAndEndpointTests
    {
        [Fact]
        public async Task Requests_are_signed_with_SigV4_for_elasticloadbalancing_in_the_region()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeListenersAsync(LoadBalancerArn);

            RecordedRequest request = http.Requests[0];
            Assert.Matches(
                new Regex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$"),
                request.Headers["Authorization"]);
            Assert.Matches(new Regex(@"^\d{8}T\d{6}Z$"), request.Headers["X-Amz-Date"]);
            Assert.Equal("https://elasticloadbalancing.eu-west-1.amazonaws.com/", request.Uri.AbsoluteUri);
        }

        [Fact]
        public async Task An_explicit_ServiceURL_is_used_and_signed_for_the_authentication_region()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http, config =>
            {
                config.ServiceURL = "http://127.0.0.1:4566";
                config.AuthenticationRegion = "eu-central-1";
            });

            await client.DescribeListenersAsync(LoadBalancerArn);

            Assert.Equal("http://127.0.0.1:4566/", http.Requests[0].Uri.AbsoluteUri);
            Assert.Contains("/eu-central-1/elasticloadbalancing/aws4_request", http.Requests[0].Headers["Authorization"]);
        }

        [Theory]
        [InlineData("eu-west-1", false, false, "https://elasticloadbalancing.eu-west-1.amazonaws.com")]
        [InlineData("us-east-1", true, false, "https://elasticloadbalancing-fips.us-east-1.amazonaws.com")]
        [InlineData("us-east-1", false, true, "https://elasticloadbalancing.us-east-1.api.aws")]
        [InlineData("us-gov-west-1", true, false, "https://elasticloadbalancing.us-gov-west-1.amazonaws.com")]
        [InlineData("cn-north-1", false, false, "https://elasticloadbalancing.cn-north-1.amazonaws.com.cn")]
        public void Regional_endpoints_follow_the_ELBv2_rule_set(string region, bool fips, bool dualStack, string expected)
        {
            var config = new ElasticLoadBalancingV2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region), UseFIPSEndpoint = fips, UseDualstackEndpoint = dualStack };

            Endpoint endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new QueryOperationRequest("DescribeListeners")));

            Assert.Equal(expected.TrimEnd('/'), endpoint.URL.TrimEnd('/'));
        }

        [Fact]
        public void A_custom_endpoint_cannot_be_combined_with_FIPS()
        {
            var config = new ElasticLoadBalancingV2Config { ServiceURL = "http://127.0.0.1:4566", UseFIPSEndpoint = true };

            var failure = Assert.Throws<Amazon.Runtime.AmazonClientException>(() =>
                config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new QueryOperationRequest("DescribeListeners"))));

            Assert.Contains("FIPS and custom endpoint", failure.Message);
        }

        [Fact]
        public void The_configuration_names_the_service_as_the_SDK_does()
        {
            var config = new ElasticLoadBalancingV2Config();

            Assert.Equal("Elastic Load Balancing v2", config.ServiceId);
            Assert.Equal("elasticloadbalancing", config.AuthenticationServiceName);
            Assert.Equal("elasticloadbalancing", config.RegionEndpointServiceName);
            Assert.Equal("2015-12-01", config.ServiceVersion);
        }
    }
}
