using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Health;
using BlueGreen.Sandbox.Model.LoadBalancing;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.DataPlane
{
    public class HealthCheckTests
    {
        [Theory]
        [InlineData("200", 200, true)]
        [InlineData("200", 204, false)]
        [InlineData("200,202", 202, true)]
        [InlineData("200,202", 201, false)]
        [InlineData("200-299", 299, true)]
        [InlineData("200-299", 301, false)]
        [InlineData("200,300-302", 301, true)]
        public void MatchersTakeCodesListsAndRanges(string matcher, int code, bool expected)
        {
            Assert.Equal(expected, HealthCheckMatcher.Parse(matcher).Matches(code));
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("299-200")]
        [InlineData("100")]
        [InlineData("200-250-299")]
        public void ABadMatcherSaysWhatItMustBe(string matcher)
        {
            var error = Assert.Throws<FormatException>(() => HealthCheckMatcher.Parse(matcher));
            Assert.Contains(matcher, error.Message);
        }

        [Theory]
        [InlineData(1.0, 5, 5.0)]   // AWS's own clock: the group's timeout
        [InlineData(0.5, 4, 2.0)]   // scaled like the interval
        [InlineData(0.1, 2, 1.0)]   // but not below 1 s: a busy machine's slow answer is not a failed check
        [InlineData(0.1, 30, 3.0)]
        [InlineData(0.01, 1, 1.0)]  // nor above the group's own timeout
        public void The_timeout_scales_with_the_clock_but_not_below_one_second(double scale, int timeoutSeconds, double expected)
        {
            Assert.Equal(TimeSpan.FromSeconds(expected), HealthChecker.ScaledTimeout(timeoutSeconds, scale));
        }

        [Fact]
        public void InitialUntilTheHealthyThresholdThenUnhealthyAfterTheUnhealthyThresholdAndBack()
        {
            var checks = new TargetHealthChecks(healthyThreshold: 3, unhealthyThreshold: 2);
            Assert.Equal(("initial", "Elb.InitialHealthChecking"), (checks.Health.State, checks.Health.Reason));

            Assert.False(checks.Record(HealthCheckResult.Pass));
            Assert.False(checks.Record(HealthCheckResult.Pass));
            Assert.Equal("initial", checks.Health.State);
            Assert.True(checks.Record(HealthCheckResult.Pass));
            Assert.Equal("healthy", checks.Health.State);

            Assert.False(checks.Record(HealthCheckResult.CodeMismatch(500)));
            Assert.Equal("healthy", checks.Health.State);
            Assert.True(checks.Record(HealthCheckResult.CodeMismatch(500)));
            Assert.Equal(("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [500]"),
                (checks.Health.State, checks.Health.Reason, checks.Health.Description));

            Assert.True(checks.Record(HealthCheckResult.TimedOut()));
            Assert.Equal(("unhealthy", "Target.Timeout"), (checks.Health.State, checks.Health.Reason));

            checks.Record(HealthCheckResult.Pass);
            checks.Record(HealthCheckResult.Pass);
            Assert.Equal("unhealthy", checks.Health.State);
            checks.Record(HealthCheckResult.Pass);
            Assert.Equal("healthy", checks.Health.State);
        }

        [Fact]
        public void ATargetThatNeverPassesGoesFromInitialToUnhealthy()
        {
            var checks = new TargetHealthChecks(healthyThreshold: 2, unhealthyThreshold: 2);
            checks.Record(HealthCheckResult.Failed("Connection refused"));
            Assert.Equal("initial", checks.Health.State);
            checks.Record(HealthCheckResult.Failed("Connection refused"));
            Assert.Equal(("unhealthy", "Target.FailedHealthChecks"), (checks.Health.State, checks.Health.Reason));
            Assert.Contains("Connection refused", checks.Health.Description);
        }

        [Fact]
        public void LoopbackTargetsReportTheirChecksAndOthersKeepTheTimeline()
        {
            var fixture = new SandboxWorldFixture();
            LoadBalancingState elb = fixture.World.LoadBalancing;
            var network = fixture.World.Network;
            LoadBalancer lb = elb.CreateLoadBalancer(new LoadBalancerDefinition { Name = "web", Subnets = network.Subnets.Select(s => s.Key).Take(2).ToList() });
            TargetGroup group = elb.CreateTargetGroup(new TargetGroupDefinition { Name = "tg", TargetType = "ip", Protocol = "HTTP", Port = 80, VpcId = network.VpcId });
            elb.Routing.CreateListener(lb.Arn, new ListenerDefinition
            {
                Port = 80,
                Protocol = "HTTP",
                DefaultActions = new[] { new RuleAction(RuleAction.Forward, null, new ForwardActionConfig(new[] { new WeightedTargetGroup(group.Arn, 1) }, false, null)) },
            });
            elb.Targets.RegisterTargets(group.Arn, new[] { new KeyValuePair<string, int?>("127.0.0.1", 8080), new KeyValuePair<string, int?>("198.51.100.7", 80) });
            fixture.Advance(TimeSpan.FromMinutes(1));

            RegisteredTarget local = group.Targets[0];
            Assert.Equal("127.0.0.1:8080", elb.Targets.LocalEndpointOf(group, local)!.ToString());
            Assert.Null(elb.Targets.LocalEndpointOf(group, group.Targets[1]));
            Assert.Equal(("initial", "Elb.InitialHealthChecking"), (elb.Targets.HealthOf(group, local).State, elb.Targets.HealthOf(group, local).Reason));
            Assert.Equal("healthy", elb.Targets.HealthOf(group, group.Targets[1]).State);

            local.Checks = new TargetHealthChecks(2, 2);
            local.Checks.Record(HealthCheckResult.CodeMismatch(503));
            local.Checks.Record(HealthCheckResult.CodeMismatch(503));
            Assert.Equal("unhealthy", elb.Targets.HealthOf(group, local).State);

            // A test's explicit health still wins over the real checks.
            elb.Targets.SetTargetHealth(group.Arn, "127.0.0.1", 8080, new TargetHealth("healthy"));
            Assert.Equal("healthy", elb.Targets.HealthOf(group, local).State);
        }
    }
}
