using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Sandbox;
using BlueGreen.Smoke;
using BlueGreen.Tests.Unit.Aws;
using BlueGreen.Traffic;
using Xunit;

namespace BlueGreen.Tests.Unit.Smoke
{
    /// <summary>The smoke check on the sandbox's seeded demo world: the preview rule as the load balancer describes it, read-only.</summary>
    public sealed class PreviewSmokeCheckSandboxTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions { Scenario = SandboxScenario.Demo, TargetRegistrationTime = TimeSpan.Zero });
        private readonly IElasticLoadBalancingV2 _elb;

        public PreviewSmokeCheckSandboxTests()
        {
            _elb = TestClients.TranslatingElasticLoadBalancing(_sandbox);
        }

        public void Dispose()
        {
            _elb.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task The_demo_world_preview_rule_gives_the_address_and_header_and_the_check_changes_nothing()
        {
            var project = new ProjectConfiguration { Project = "demo", LoadBalancer = "bluegreen-demo" };
            TrafficState state = await new TrafficStateReader(_elb, NullOperationReporter.Instance).ReadAsync(project, CancellationToken.None);
            string dns = (await _elb.DescribeLoadBalancersAsync(new[] { "bluegreen-demo" })).Single().DNSName!;
            string before = _sandbox.GetStateJson();

            PreviewEndpoint endpoint = PreviewEndpoint.From(state, state.LoadBalancerDnsName, null);

            Assert.Equal(dns, state.LoadBalancerDnsName);
            Assert.Equal(new Uri($"https://{dns}:443/"), endpoint.BaseAddress);
            Assert.Equal(("X-BlueGreen-Preview", "1"), (endpoint.HeaderName, endpoint.HeaderValue));
            Assert.StartsWith("HTTPS:443 rule 1", endpoint.Route);

            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => LocalHttpServer.RespondAsync(c, 200, "ok")));
            var settings = new SmokeSettings { Paths = new[] { "/", "/api/status" }, BaseUrl = server.BaseAddress, Delay = TimeSpan.Zero };
            SmokeCheckReport report = await new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(state, CancellationToken.None);

            Assert.True(report.Passed);
            Assert.Equal(new[] { "/", "/api/status" }, server.Requests.Select(r => r.Path));
            Assert.Equal(before, _sandbox.GetStateJson());
        }
    }
}
