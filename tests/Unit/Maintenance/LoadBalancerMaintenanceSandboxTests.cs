using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Maintenance;
using BlueGreen.Sandbox;
using BlueGreen.Tests.Unit.Aws;
using Xunit;

namespace BlueGreen.Tests.Unit.Maintenance
{
    /// <summary>LoadBalancer maintenance end to end over real HTTP against the sandbox's seeded demo world.</summary>
    public sealed class LoadBalancerMaintenanceSandboxTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions { Scenario = SandboxScenario.Demo, TargetRegistrationTime = TimeSpan.Zero });
        private readonly IElasticLoadBalancingV2 _elb;

        public LoadBalancerMaintenanceSandboxTests()
        {
            _elb = TestClients.TranslatingElasticLoadBalancing(_sandbox);
        }

        public void Dispose()
        {
            _elb.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task Enable_and_disable_on_the_demo_world_leave_it_as_it_was()
        {
            var project = new ProjectConfiguration
            {
                Project = "demo",
                LoadBalancer = "bluegreen-demo",
                Maintenance = new MaintenanceSettings { Mode = MaintenanceModeKind.LoadBalancer, StatusCode = 503, ContentType = "text/html", Body = "<h1>Down for maintenance</h1>" },
            };
            var mode = new LoadBalancerMaintenanceMode(_elb, project, NullOperationReporter.Instance);
            string before = _sandbox.GetStateJson();
            string lbArn = (await _elb.DescribeLoadBalancersAsync(new[] { "bluegreen-demo" })).Single().LoadBalancerArn!;
            Dictionary<int, string> listeners = (await _elb.DescribeListenersAsync(lbArn)).ToDictionary(l => l.Port!.Value, l => l.ListenerArn!);

            MaintenanceReport on = await mode.EnableAsync(CancellationToken.None);

            Assert.True(on.Succeeded);
            Assert.Equal(new[] { 1, 2 }, on.Changes.Select(c => c.Priority!.Value).OrderBy(p => p));
            IReadOnlyList<Rule> http = await _elb.DescribeRulesAsync(listeners[80]);
            IReadOnlyList<Rule> https = await _elb.DescribeRulesAsync(listeners[443]);
            IReadOnlyList<Rule> redirect = await _elb.DescribeRulesAsync(listeners[8080]);
            Assert.Equal(new[] { "1", "default" }, http.Select(r => r.Priority));
            Assert.Equal(new[] { "1", "2", "10", "default" }, https.Select(r => r.Priority));
            Assert.Equal(new[] { "default" }, redirect.Select(r => r.Priority));
            Assert.Equal("X-BlueGreen-Preview", https[0].Conditions.Single().HttpHeaderConfig!.HttpHeaderName);
            foreach (Rule rule in new[] { http[0], https[1] })
            {
                Assert.Equal(new[] { "/*" }, rule.Conditions.Single().PathPatternConfig!.Values);
                FixedResponseActionConfig response = rule.Actions.Single().FixedResponseConfig!;
                Assert.Equal(("fixed-response", "503", "text/html", "<h1>Down for maintenance</h1>"),
                    (rule.Actions[0].Type, response.StatusCode, response.ContentType, response.MessageBody));
            }

            IReadOnlyList<TagDescription> tags = await _elb.DescribeTagsAsync(new[] { http[0].RuleArn!, https[1].RuleArn! });
            Assert.All(tags, d => Assert.Contains(d.Tags, t => t.Key == "bluegreen:maintenance" && t.Value == "demo"));

            MaintenanceReport off = await mode.DisableAsync(CancellationToken.None);

            Assert.Equal(2, off.Changes.Count(c => c.Outcome == MaintenanceOutcome.Changed));
            Assert.Equal(before, _sandbox.GetStateJson());
            Assert.Empty((await mode.DisableAsync(CancellationToken.None)).Changes);
        }
    }
}
