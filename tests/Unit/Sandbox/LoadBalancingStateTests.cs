using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class LoadBalancingStateTests
    {
        [Fact]
        public void DemoWorldHasTwoTaggedGroupsThreeListenersAndARule()
        {
            var fixture = new SandboxWorldFixture(SandboxScenario.Demo);
            LoadBalancingState elb = fixture.World.LoadBalancing;

            Assert.Equal(new[] { "bluegreen-demo-blue", "bluegreen-demo-green" }, elb.TargetGroups.Select(t => t.Name));
            Assert.All(elb.TargetGroups, tg => Assert.Equal("demo", tg.Tags["bluegreen:project"]));
            Assert.Equal(new[] { 80, 443, 8080 }, elb.Listeners.Select(l => l.Port));
            Assert.Equal(RuleAction.Redirect, elb.Listeners[2].DefaultActions[0].Type);
            var rules = elb.Routing.DescribeRules(elb.Listeners[1].Arn, new string[0]);
            Assert.Equal(new[] { "1", "10", "default" }, rules.Select(r => r.Priority));
            Assert.True(rules[2].IsDefault);
            TargetGroup blue = elb.TargetGroups[0];
            Assert.All(elb.Targets.DescribeTargetHealth(blue.Arn, new List<KeyValuePair<string, int?>>()), r => Assert.Equal("healthy", r.Health.State));
            Assert.Single(elb.LoadBalancerArnsOf(elb.TargetGroups[1]));
        }

        [Fact]
        public void RegisteredTargetsGoFromInitialToHealthyAndDrainAway()
        {
            var fixture = new SandboxWorldFixture(SandboxScenario.Demo);
            LoadBalancingState elb = fixture.World.LoadBalancing;
            TargetGroup blue = elb.TargetGroups[0];
            string instance = fixture.World.Compute.Instances[0].InstanceId;
            var target = new List<KeyValuePair<string, int?>> { new KeyValuePair<string, int?>(instance, 8000) };

            elb.Targets.RegisterTargets(blue.Arn, target);
            Assert.Equal("initial", Health(elb, blue, instance, 8000));
            fixture.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("healthy", Health(elb, blue, instance, 8000));

            elb.Targets.DeregisterTargets(blue.Arn, target);
            Assert.Equal("draining", Health(elb, blue, instance, 8000));
            fixture.Advance(TimeSpan.FromSeconds(2));
            Assert.DoesNotContain(elb.Targets.DescribeTargetHealth(blue.Arn, new List<KeyValuePair<string, int?>>()), r => r.Port == 8000);
        }

        [Fact]
        public void TargetsOfATerminatedInstanceAreUnusedWithInvalidState()
        {
            var fixture = new SandboxWorldFixture(SandboxScenario.Demo);
            var instance = fixture.World.Compute.Instances[0];
            fixture.World.Compute.Terminate(new[] { instance.InstanceId });
            TargetGroup blue = fixture.World.LoadBalancing.TargetGroups[0];

            var report = fixture.World.LoadBalancing.Targets.DescribeTargetHealth(blue.Arn, new List<KeyValuePair<string, int?>>()).First(r => r.TargetId == instance.InstanceId);
            Assert.Equal("unused", report.Health.State);
            Assert.Equal("Target.InvalidState", report.Health.Reason);
        }

        [Fact]
        public void ATargetGroupInUseCannotBeDeletedNorJoinAnotherLoadBalancer()
        {
            var fixture = new SandboxWorldFixture(SandboxScenario.Demo);
            LoadBalancingState elb = fixture.World.LoadBalancing;
            TargetGroup blue = elb.TargetGroups[0];

            var inUse = Assert.Throws<AwsErrorException>(() => elb.DeleteTargetGroup(blue.Arn));
            Assert.Equal("ResourceInUse", inUse.Code);

            var other = elb.CreateLoadBalancer(new LoadBalancerDefinition { Name = "other", Subnets = fixture.World.Network.Subnets.Skip(1).Select(s => s.Key).ToList() });
            var forward = new RuleAction(RuleAction.Forward, null, new ForwardActionConfig(new[] { new WeightedTargetGroup(blue.Arn, 1) }, false, null));
            var limit = Assert.Throws<AwsErrorException>(() => elb.Routing.CreateListener(other.Arn, new ListenerDefinition { Port = 80, Protocol = "HTTP", DefaultActions = new[] { forward } }));
            Assert.Equal("TargetGroupAssociationLimit", limit.Code);
        }

        [Fact]
        public void ModifyingTheDefaultRuleChangesTheListenerDefaultActions()
        {
            var fixture = new SandboxWorldFixture(SandboxScenario.Demo);
            LoadBalancingState elb = fixture.World.LoadBalancing;
            Listener https = elb.Listeners[1];
            TargetGroup green = elb.TargetGroups[1];
            var forward = new RuleAction(RuleAction.Forward, null, new ForwardActionConfig(new[] { new WeightedTargetGroup(green.Arn, 1) }, false, null));

            elb.Routing.ModifyRule(https.DefaultRuleArn, null, new[] { forward });

            Assert.Equal(green.Arn, https.DefaultActions[0].SingleTargetGroupArn);
            Assert.Equal(new[] { elb.LoadBalancers[0].Arn }, elb.LoadBalancerArnsOf(green));
            Assert.Equal("OperationNotPermitted", Assert.Throws<AwsErrorException>(() => elb.Routing.DeleteRule(https.DefaultRuleArn)).Code);
        }

        private static string Health(LoadBalancingState elb, TargetGroup group, string id, int port) =>
            elb.Targets.DescribeTargetHealth(group.Arn, new List<KeyValuePair<string, int?>> { new KeyValuePair<string, int?>(id, port) }).Single().Health.State;
    }
}
