using System;
using Amazon;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>ELBv2 clients for tests: dummy static credentials, eu-west-1, HTTP answered by a <see cref="RecordingHttpHandler"/>.</summary>
    internal static class TestClients
    {
        internal static readonly BasicAWSCredentials DummyCredentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        internal static ElasticLoadBalancingV2Client ElasticLoadBalancing(RecordingHttpHandler handler, Action<ElasticLoadBalancingV2Config>? configure = null)
        {
            var config = new ElasticLoadBalancingV2Config
            {
                RegionEndpoint = RegionEndpoint.EUWest1,
                HttpClientFactory = new RecordingHttpClientFactory(handler),
            };
            configure?.Invoke(config);
            return new ElasticLoadBalancingV2Client(DummyCredentials, config);
        }
    }
}
