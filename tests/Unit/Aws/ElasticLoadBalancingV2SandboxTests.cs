using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Sandbox;
using Xunit;
using Action = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>The ELBv2 client end to end over real HTTP against the local sandbox, which speaks the Query protocol.</summary>
    public sealed class ElasticLoadBalancingV2SandboxTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions { TargetRegistrationTime = TimeSpan.Zero });
        private readonly ElasticLoadBalancingV2Client _client;

        public ElasticLoadBalancingV2SandboxTests()
        {
            _client = TestClients.ElasticLoadBalancing(_sandbox);
        }

        public void Dispose()
        {
            _client.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task Builds_switches_and_tears_down_a_blue_green_load_balancer()
        {
            LoadBalancer loadBalancer = await _client.CreateLoadBalancerAsync(new CreateLoadBalancerRequest
            {
                Name = "shop", Subnets = _sandbox.SubnetIds.Take(2).ToList(), SecurityGroups = { _sandbox.SecurityGroupId },
            });
            TargetGroup blue = await CreateTargetGroupAsync("shop-blue");
            TargetGroup green = await CreateTargetGroupAsync("shop-green", targetType: "ip");
            Listener listener = await _client.CreateListenerAsync(new CreateListenerRequest
            {
                LoadBalancerArn = loadBalancer.LoadBalancerArn, Protocol = "HTTP", Port = 80,
                DefaultActions = { new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = blue.TargetGroupArn } },
            });
            Rule rule = await _client.CreateRuleAsync(new CreateRuleRequest
            {
                ListenerArn = listener.ListenerArn, Priority = 10,
                Conditions = { new RuleCondition { Field = ConditionFieldName.PathPattern, PathPatternConfig = new PathPatternConditionConfig { Values = { "/api/*" } } } },
                Actions = { new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = blue.TargetGroupArn } },
            });

            Assert.Equal("shop", Assert.Single(await _client.DescribeLoadBalancersAsync(names: new[] { "shop" })).LoadBalancerName);
            Assert.Equal(new[] { "shop-blue", "shop-green" }, (await _client.DescribeTargetGroupsAsync(names: new[] { "shop-blue", "shop-green" })).Select(g => g.TargetGroupName).OrderBy(n => n));
            Assert.Equal(blue.TargetGroupArn, Assert.Single(await _client.DescribeListenersAsync(loadBalancer.LoadBalancerArn!)).DefaultActions[0].TargetGroupArn);
            IReadOnlyList<Rule> rules = await _client.DescribeRulesAsync(listener.ListenerArn!);
            Assert.Contains(rules, r => r.IsDefault);
            Assert.Equal("/api/*", rules.Single(r => r.RuleArn == rule.RuleArn).Conditions[0].PathPatternConfig!.Values[0]);

            Listener weighted = await _client.ModifyListenerAsync(listener.ListenerArn!, new[]
            {
                new Action
                {
                    Type = ActionTypeEnum.Forward,
                    ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups =
                        {
                            new TargetGroupTuple { TargetGroupArn = blue.TargetGroupArn, Weight = 90 },
                            new TargetGroupTuple { TargetGroupArn = green.TargetGroupArn, Weight = 10 },
                        },
                    },
                },
            });
            Assert.Equal(new int?[] { 90, 10 }, weighted.DefaultActions[0].ForwardConfig!.TargetGroups.Select(t => t.Weight));
            Rule switched = await _client.ModifyRuleAsync(rule.RuleArn!, new[] { new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = green.TargetGroupArn } });
            Assert.Equal(green.TargetGroupArn, switched.Actions[0].TargetGroupArn ?? switched.Actions[0].ForwardConfig!.TargetGroups[0].TargetGroupArn);

            await _client.RegisterTargetsAsync(green.TargetGroupArn!, new[] { new TargetDescription { Id = "10.0.1.15", Port = 80 } });
            TargetHealthDescription health = Assert.Single(await _client.DescribeTargetHealthAsync(green.TargetGroupArn!));
            Assert.Equal("10.0.1.15", health.Target!.Id);
            Assert.NotNull(health.TargetHealth!.State);
            await _client.DeregisterTargetsAsync(green.TargetGroupArn!, new[] { new TargetDescription { Id = "10.0.1.15", Port = 80 } });

            await _client.AddTagsAsync(new[] { blue.TargetGroupArn!, green.TargetGroupArn! }, new[] { new Tag { Key = "bluegreen:project", Value = "shop" } });
            await _client.RemoveTagsAsync(new[] { green.TargetGroupArn! }, new[] { "bluegreen:project" });
            IReadOnlyList<TagDescription> tags = await _client.DescribeTagsAsync(new[] { blue.TargetGroupArn!, green.TargetGroupArn! });
            Assert.Equal("shop", tags.Single(t => t.ResourceArn == blue.TargetGroupArn).Tags.Single(t => t.Key == "bluegreen:project").Value);
            Assert.DoesNotContain(tags.Single(t => t.ResourceArn == green.TargetGroupArn).Tags, t => t.Key == "bluegreen:project");

            await _client.DeleteListenerAsync(listener.ListenerArn!);
            await _client.DeleteTargetGroupAsync(green.TargetGroupArn!);
            var gone = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => _client.DescribeTargetGroupsAsync(targetGroupArns: new[] { green.TargetGroupArn! }));
            Assert.Equal("TargetGroupNotFound", gone.ErrorCode);
        }

        [Fact]
        public async Task Injected_throttling_is_retried_by_the_SDK()
        {
            LoadBalancer loadBalancer = await _client.CreateLoadBalancerAsync(new CreateLoadBalancerRequest { Name = "shop", Subnets = _sandbox.SubnetIds.Take(2).ToList() });
            TargetGroup blue = await CreateTargetGroupAsync("shop-blue");
            TargetGroup green = await CreateTargetGroupAsync("shop-green");
            Listener listener = await _client.CreateListenerAsync(new CreateListenerRequest
            {
                LoadBalancerArn = loadBalancer.LoadBalancerArn, Protocol = "HTTP", Port = 80,
                DefaultActions = { new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = blue.TargetGroupArn } },
            });
            _sandbox.FailNext("ModifyListener", 2, "Throttling", 400, "Rate exceeded");

            Listener modified = await _client.ModifyListenerAsync(listener.ListenerArn!, new[] { new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = green.TargetGroupArn } });

            Assert.Equal(green.TargetGroupArn, modified.DefaultActions[0].TargetGroupArn ?? modified.DefaultActions[0].ForwardConfig!.TargetGroups[0].TargetGroupArn);
            Assert.Equal(3, _sandbox.Requests.Count(r => r.Action == "ModifyListener"));
        }

        [Fact]
        public async Task Sandbox_errors_arrive_with_their_AWS_codes()
        {
            var missing = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => _client.DescribeLoadBalancersAsync(names: new[] { "no-such-lb" }));
            Assert.Equal("LoadBalancerNotFound", missing.ErrorCode);

            await _client.CreateLoadBalancerAsync(new CreateLoadBalancerRequest { Name = "shop", Subnets = _sandbox.SubnetIds.Take(2).ToList() });
            var invalid = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() =>
                _client.CreateTargetGroupAsync(new CreateTargetGroupRequest { Name = "bad name!", Protocol = "HTTP", Port = 80, VpcId = _sandbox.VpcId }));
            Assert.Equal("ValidationError", invalid.ErrorCode);
        }

        [Fact]
        public async Task Target_group_attributes_round_trip_through_the_sandbox()
        {
            TargetGroup group = await CreateTargetGroupAsync("shop-attributes");

            IReadOnlyList<TargetGroupAttribute> modified = await _client.ModifyTargetGroupAttributesAsync(group.TargetGroupArn!, new[]
            {
                new TargetGroupAttribute { Key = "deregistration_delay.timeout_seconds", Value = "45" },
                new TargetGroupAttribute { Key = "stickiness.enabled", Value = "true" },
            });
            IReadOnlyList<TargetGroupAttribute> described = await _client.DescribeTargetGroupAttributesAsync(group.TargetGroupArn!);

            Assert.Equal("45", modified.Single(a => a.Key == "deregistration_delay.timeout_seconds").Value);
            Assert.Equal("true", described.Single(a => a.Key == "stickiness.enabled").Value);
            Assert.Equal("lb_cookie", described.Single(a => a.Key == "stickiness.type").Value);
            ElasticLoadBalancingV2Exception unknown = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() =>
                _client.ModifyTargetGroupAttributesAsync(group.TargetGroupArn!, new[] { new TargetGroupAttribute { Key = "no.such.attribute", Value = "1" } }));
            Assert.Equal("ValidationError", unknown.ErrorCode);
        }

        private Task<TargetGroup> CreateTargetGroupAsync(string name, string targetType = "instance") => _client.CreateTargetGroupAsync(new CreateTargetGroupRequest
        {
            Name = name, Protocol = "HTTP", Port = 80, VpcId = _sandbox.VpcId, HealthCheckPath = "/health/", TargetType = targetType,
        });
    }
}
