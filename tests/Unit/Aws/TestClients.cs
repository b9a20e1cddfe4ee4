using System;
using Amazon;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>ELBv2 clients for tests: dummy static credentials; HTTP answered by a <see cref="RecordingHttpHandler"/> (eu-west-1), or by a sandbox.</summary>
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

        /// <summary>An ELBv2 client of the running <paramref name="sandbox"/> (its endpoint and region, dummy credentials).</summary>
        internal static ElasticLoadBalancingV2Client ElasticLoadBalancing(BlueGreen.Sandbox.AwsSandbox sandbox)
        {
            var config = new ElasticLoadBalancingV2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(sandbox.Region) };
            config.ServiceURL = sandbox.Endpoint.AbsoluteUri;
            config.AuthenticationRegion = sandbox.Region;
            return new ElasticLoadBalancingV2Client(DummyCredentials, config);
        }

        /// <summary>The same, with failures translated to BlueGreenExceptions as the engine sees them.</summary>
        internal static IElasticLoadBalancingV2 TranslatingElasticLoadBalancing(BlueGreen.Sandbox.AwsSandbox sandbox) =>
            new FailureTranslatingElasticLoadBalancingV2(ElasticLoadBalancing(sandbox));
    }
}
