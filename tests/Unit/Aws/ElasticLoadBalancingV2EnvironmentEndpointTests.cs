using System;
using System.Threading.Tasks;
using Xunit;
using static BlueGreen.Tests.Unit.Aws.RecordedResponses;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>The SDK's endpoint settings from the environment, as the ELBv2 client sees them.</summary>
    [Collection(AwsEnvironmentCollection.Name)]
    public sealed class ElasticLoadBalancingV2EnvironmentEndpointTests
    {
        [Fact]
        public async Task The_service_specific_variable_wins_over_AWS_ENDPOINT_URL()
        {
            using var environment = new EnvironmentVariableScope()
                .Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:1111")
                .Set("AWS_ENDPOINT_URL", "http://127.0.0.1:2222");
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeListenersAsync(LoadBalancerArn);

            Assert.Equal("http://127.0.0.1:1111/", http.Requests[0].Uri.AbsoluteUri);
            Assert.Contains("/eu-west-1/elasticloadbalancing/aws4_request", http.Requests[0].Headers["Authorization"]);
        }

        [Fact]
        public async Task AWS_ENDPOINT_URL_applies_when_there_is_no_service_specific_variable()
        {
            using var environment = new EnvironmentVariableScope()
                .Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", null)
                .Set("AWS_ENDPOINT_URL", "http://127.0.0.1:2222");
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeListenersAsync(LoadBalancerArn);

            Assert.Equal("http://127.0.0.1:2222/", http.Requests[0].Uri.AbsoluteUri);
        }

        [Fact]
        public async Task An_explicit_ServiceURL_wins_over_both_variables()
        {
            using var environment = new EnvironmentVariableScope()
                .Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:1111")
                .Set("AWS_ENDPOINT_URL", "http://127.0.0.1:2222");
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http, config => config.ServiceURL = "http://127.0.0.1:3333");

            await client.DescribeListenersAsync(LoadBalancerArn);

            Assert.Equal("http://127.0.0.1:3333/", http.Requests[0].Uri.AbsoluteUri);
        }
    }
}
