using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Smoke;
using BlueGreen.Tests.Unit.Aws;
using BlueGreen.Tests.Unit.Maintenance;
using BlueGreen.Traffic;
using Xunit;
using static BlueGreen.Tests.Unit.Maintenance.InMemoryLoadBalancer;
using Action = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Traffic
{
    /// <summary>
    /// Initialize-BgLoadBalancer's engine against the in-memory load balancer: from the seed's world (one untagged group
    /// serving, listeners forwarding to it) to both groups tagged and a preview rule per forwarding listener; idempotence,
    /// -WhatIf, each refusal before any write, and a failure part-way that a second run finishes.
    /// </summary>
    public sealed class LoadBalancerPreparationTests : IDisposable
    {
        private readonly InMemoryLoadBalancer _elb = new InMemoryLoadBalancer();
        private readonly RecordingReporter _reporter = new RecordingReporter();
        private readonly ProjectConfiguration _config = new ProjectConfiguration { Project = "shop", LoadBalancer = "shop" };

        public void Dispose() => _elb.Dispose();

        /// <summary>The seed's world: shop-blue serving (untagged) on HTTP:80 and HTTPS:443, an HTTP:8080 redirect, no second group.</summary>
        private void SeedWorld(string servingName = "shop-blue")
        {
            _elb.Groups.RemoveAll(g => g.TargetGroupArn == Green);
            _elb.Groups[0].TargetGroupName = servingName;
            _elb.AddListener(80, ForwardTo(Blue));
            _elb.AddListener(443, ForwardTo(Blue));
            _elb.AddListener(8080, Redirect());
        }

        private async Task<IReadOnlyList<LoadBalancerPreparationItem>> RunAsync(IChangeApproval? approval = null)
        {
            var preparation = new LoadBalancerPreparation(_elb, _reporter);
            LoadBalancerPreparationPlan plan = await preparation.PlanAsync(_config, CancellationToken.None);
            return await preparation.ApplyAsync(plan, approval ?? ApproveAll.Instance, CancellationToken.None);
        }

        private async Task<BlueGreenException> RefusedAsync(string errorId, FailureCategory category)
        {
            int changes = _elb.Changes.Count;
            BlueGreenException refused = await Assert.ThrowsAsync<BlueGreenException>(() => new LoadBalancerPreparation(_elb, _reporter).PlanAsync(_config, CancellationToken.None));
            Assert.Equal(errorId, refused.ErrorId);
            Assert.Equal(category, refused.Category);
            Assert.Equal(changes, _elb.Changes.Count);
            return refused;
        }

        [Fact]
        public async Task Prepares_the_seed_world_a_copy_of_the_serving_group_tags_and_a_preview_rule_per_forwarding_listener()
        {
            SeedWorld();
            _elb.SetAttribute(Blue, "deregistration_delay.timeout_seconds", "30");
            _elb.SetAttribute(Blue, "stickiness.enabled", "true");
            TargetGroup blue = _elb.Groups[0];
            blue.HealthCheckPath = "/healthz/";
            blue.HealthCheckIntervalSeconds = 10;
            blue.Matcher = new Matcher { HttpCode = "200-299" };

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();

            Assert.Equal(
                new[] { "TargetGroup shop-green: Created", "Attributes shop-green: Modified", "Tags shop-blue: Tagged", "Tags shop-green: Tagged", "PreviewRule HTTP:80 rule 1: Created", "PreviewRule HTTPS:443 rule 1: Created" },
                items.Select(i => i.ToString()));
            CreateTargetGroupRequest created = Assert.Single(_elb.CreatedTargetGroups);
            Assert.Equal(("HTTP", "HTTP1", 80, "vpc-0a1b2c3d", "instance"), (created.Protocol, created.ProtocolVersion, created.Port!.Value, created.VpcId, created.TargetType));
            Assert.Equal(("HTTP", "traffic-port", "/healthz/", 10, 2, 2, 2, "200-299"),
                (created.HealthCheckProtocol, created.HealthCheckPort, created.HealthCheckPath, created.HealthCheckIntervalSeconds!.Value, created.HealthCheckTimeoutSeconds!.Value, created.HealthyThresholdCount!.Value, created.UnhealthyThresholdCount!.Value, created.Matcher!.HttpCode));
            Assert.Equal(new[] { "bluegreen:project=shop", "bluegreen:color=green" }, created.Tags.Select(t => $"{t.Key}={t.Value}"));
            string green = items[0].Arn!;
            Assert.Equal("30", _elb.AttributeOf(green, "deregistration_delay.timeout_seconds"));
            Assert.Equal("true", _elb.AttributeOf(green, "stickiness.enabled"));
            Assert.Equal(new[] { "bluegreen:project=shop", "bluegreen:color=blue" }, _elb.TagsOf(Blue).Select(t => $"{t.Key}={t.Value}"));
            Assert.Equal("1 http-header forward; default forward", _elb.Describe(ListenerArnOf(80)));
            Assert.Equal("default redirect", _elb.Describe(ListenerArnOf(8080)));
            Rule preview = _elb.RulesOf(ListenerArnOf(443)).Single(r => r.Priority == "1");
            Assert.Equal(green, preview.Actions.Single().TargetGroupArn);
            Assert.Equal(("X-BlueGreen-Preview", "1"), (preview.Conditions.Single().HttpHeaderConfig!.HttpHeaderName!, preview.Conditions.Single().HttpHeaderConfig!.Values.Single()));
            Assert.Equal("bluegreen:project=shop", string.Join(",", _elb.TagsOf(preview.RuleArn!).Select(t => $"{t.Key}={t.Value}")));

            // What the other cmdlets read: blue live, green idle, the preview route the smoke check uses.
            TrafficState state = await new TrafficStateReader(_elb, _reporter).ReadAsync(_config, CancellationToken.None);
            Assert.Equal(("shop-blue", "blue", TargetGroupRole.Live), (state.Live.Name, state.Live.Color, state.Live.Role));
            Assert.Equal(("shop-green", "green", TargetGroupRole.Idle), (state.Idle.Name, state.Idle.Color, state.Idle.Role));
            Assert.Equal(2, state.PreviewRoutes.Count);
            PreviewEndpoint endpoint = PreviewEndpoint.From(state, "shop-1.elb.amazonaws.com", null);
            Assert.Equal("https://shop-1.elb.amazonaws.com/", endpoint.BaseAddress.ToString());
            Assert.Equal(("X-BlueGreen-Preview", "1"), (endpoint.HeaderName, endpoint.HeaderValue));

            // The switch moves the preview rules to the old group.
            TargetGroupSwitchPlan sw = TargetGroupSwitchPlanner.Plan(state, 100);
            Assert.Equal(2, sw.Changes.Count(c => c.IsPreview && c.To == "shop-blue"));
        }

        [Fact]
        public async Task A_second_run_changes_nothing_and_says_so()
        {
            SeedWorld();
            await RunAsync();
            int changes = _elb.Changes.Count;

            LoadBalancerPreparationPlan plan = await new LoadBalancerPreparation(_elb, _reporter).PlanAsync(_config, CancellationToken.None);
            Assert.False(plan.HasChanges);
            var asked = new RecordingApproval(false);
            IReadOnlyList<LoadBalancerPreparationItem> again = await new LoadBalancerPreparation(_elb, _reporter).ApplyAsync(plan, asked, CancellationToken.None);

            Assert.All(again, i => Assert.Equal(LoadBalancerPreparationStatus.Unchanged, i.Status));
            Assert.Equal(6, again.Count);
            Assert.Empty(asked.Asked);
            Assert.Equal(changes, _elb.Changes.Count);
            Assert.Contains(_reporter.VerboseMessages, m => m.Contains("nothing to change", StringComparison.Ordinal));
        }

        [Fact]
        public async Task WhatIf_asks_for_every_change_and_makes_none()
        {
            SeedWorld();
            var whatIf = new RecordingApproval(false);

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync(whatIf);

            Assert.Empty(_elb.Changes);
            Assert.Single(_elb.Groups);
            Assert.All(items, i => Assert.Equal(LoadBalancerPreparationStatus.Skipped, i.Status));
            Assert.Equal(5, whatIf.Asked.Count);
            Assert.StartsWith("shop-green (new target group): Create target group, a copy of shop-blue (HTTP/HTTP1:80 in vpc-0a1b2c3d", whatIf.Asked[0], StringComparison.Ordinal);
            Assert.Contains("tagged bluegreen:project=shop, bluegreen:color=green", whatIf.Asked[0], StringComparison.Ordinal);
            Assert.StartsWith("shop-green (target group attributes): Copy the attributes of shop-blue: deregistration_delay.timeout_seconds=300", whatIf.Asked[1], StringComparison.Ordinal);
            Assert.Equal($"shop-blue ({Blue}): Add tags bluegreen:project=shop, bluegreen:color=blue", whatIf.Asked[2]);
            Assert.StartsWith("HTTP:80 rule 1 (", whatIf.Asked[3], StringComparison.Ordinal);
            Assert.EndsWith("Create the preview rule: header X-BlueGreen-Preview: 1, forward to shop-green (the idle group)", whatIf.Asked[4], StringComparison.Ordinal);
        }

        [Fact]
        public async Task Declining_the_group_skips_what_needs_it_and_keeps_the_rest()
        {
            SeedWorld();
            var approval = new RecordingApproval(target => !target.Contains("new target group", StringComparison.Ordinal));

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync(approval);

            Assert.Equal(new[] { "add-tags shop-blue bluegreen:project=shop,bluegreen:color=blue" }, _elb.Changes);
            Assert.Equal(
                new[] { LoadBalancerPreparationStatus.Skipped, LoadBalancerPreparationStatus.Skipped, LoadBalancerPreparationStatus.Tagged, LoadBalancerPreparationStatus.Skipped, LoadBalancerPreparationStatus.Skipped, LoadBalancerPreparationStatus.Skipped },
                items.Select(i => i.Status));
            Assert.StartsWith("Not done: the target group shop-green was not created.", items[4].Detail, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_serving_group_without_a_color_in_its_name_is_blue_and_the_new_one_project_green()
        {
            SeedWorld("seed-tg");

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();

            Assert.Equal("seed-tg", items.First(i => i.Kind == LoadBalancerPreparationItemKind.Tags).Name);
            Assert.Equal("shop-green", items[0].Name);
            Assert.Equal("blue", _elb.TagsOf(Blue).Single(t => t.Key == ProjectConfiguration.ColorTagKey).Value);
        }

        [Fact]
        public async Task A_green_serving_group_gets_a_blue_twin()
        {
            SeedWorld("shop-green-prod");

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();

            Assert.Equal("shop-blue-prod", items[0].Name);
            Assert.Equal("green", _elb.TagsOf(Blue).Single(t => t.Key == ProjectConfiguration.ColorTagKey).Value);
        }

        [Fact]
        public async Task Configured_names_name_the_group_to_create()
        {
            SeedWorld("seed-tg");
            _config.TargetGroups = new[] { "seed-tg", "seed-tg-next" };

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();

            Assert.Equal("TargetGroup seed-tg-next: Created", items[0].ToString());
            TrafficState state = await new TrafficStateReader(_elb, _reporter).ReadAsync(_config, CancellationToken.None);
            Assert.Equal(("seed-tg", "seed-tg-next"), (state.Live.Name, state.Idle.Name));
        }

        [Fact]
        public async Task After_a_switch_a_preview_rule_at_the_live_group_is_pointed_at_the_idle_one()
        {
            SeedWorld();
            await RunAsync();
            string green = _elb.Groups.Single(g => g.TargetGroupName == "shop-green").TargetGroupArn!;
            // Switched by hand: the listeners to green, the preview rules left on green too (now live).
            await PointListenersAtAsync(green);
            int before = _elb.Changes.Count;

            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();

            Assert.Equal(new[] { "modify-rule 00080 1", "modify-rule 00443 1" }, _elb.Changes.Skip(before));
            Assert.All(items.Where(i => i.Kind == LoadBalancerPreparationItemKind.PreviewRule), i => Assert.Equal(LoadBalancerPreparationStatus.Modified, i.Status));
            Assert.Equal(Blue, _elb.RulesOf(ListenerArnOf(443)).Single(r => r.Priority == "1").Actions.Single().TargetGroupArn);
            TrafficState state = await new TrafficStateReader(_elb, _reporter).ReadAsync(_config, CancellationToken.None);
            Assert.Equal(("shop-green", "shop-blue"), (state.Live.Name, state.Idle.Name));
        }

        [Fact]
        public async Task A_failure_part_way_names_what_was_done_and_a_second_run_finishes()
        {
            SeedWorld();
            _elb.FailCreateRule = (listener, _) => listener.EndsWith("00443", StringComparison.Ordinal) ? "Throttling" : null;

            BlueGreenException failed = await Assert.ThrowsAsync<BlueGreenException>(() => RunAsync());

            Assert.Equal("PreparationFailed", failed.ErrorId);
            Assert.Contains("Done before the failure: TargetGroup shop-green created; Tags shop-blue tagged; Tags shop-green tagged;", failed.Message, StringComparison.Ordinal);
            Assert.Contains("PreviewRule HTTP:80 rule 1 created", failed.Message, StringComparison.Ordinal);
            Assert.Contains("run Initialize-BgLoadBalancer again", failed.Message, StringComparison.Ordinal);

            _elb.FailCreateRule = (_, _) => null;
            IReadOnlyList<LoadBalancerPreparationItem> items = await RunAsync();
            Assert.Equal(
                new[] { "TargetGroup shop-green: Unchanged", "Attributes shop-green: Unchanged", "Tags shop-blue: Unchanged", "Tags shop-green: Unchanged", "PreviewRule HTTP:80 rule 1: Unchanged", "PreviewRule HTTPS:443 rule 1: Created" },
                items.Select(i => i.ToString()));
        }

        [Fact]
        public async Task Refuses_a_load_balancer_that_does_not_exist()
        {
            SeedWorld();
            _config.LoadBalancer = "nope";
            await RefusedAsync("LoadBalancerNotFound", FailureCategory.ObjectNotFound);
        }

        [Fact]
        public async Task Refuses_a_network_load_balancer()
        {
            SeedWorld();
            _elb.LoadBalancerType = "network";
            await RefusedAsync("NotApplicationLoadBalancer", FailureCategory.InvalidOperation);
        }

        [Fact]
        public async Task Refuses_a_load_balancer_without_a_forwarding_listener()
        {
            _elb.AddListener(80, Redirect());
            BlueGreenException refused = await RefusedAsync("NoForwardingListener", FailureCategory.ObjectNotFound);
            Assert.Contains("only redirect or answer fixed responses", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_a_listener_whose_rule_limit_is_reached()
        {
            SeedWorld();
            for (int i = 0; i < 100; i++)
            {
                _elb.AddRule(ListenerArnOf(443), 10 + i, Path($"/p{i}/*"), ForwardTo(Blue));
            }

            BlueGreenException refused = await RefusedAsync("RuleLimitReached", FailureCategory.LimitsExceeded);
            Assert.Contains("HTTPS:443", refused.Message, StringComparison.Ordinal);
            Assert.Empty(_elb.CreatedTargetGroups);
        }

        [Fact]
        public async Task Refuses_to_take_over_a_group_of_another_project_that_the_listeners_forward_to()
        {
            SeedWorld();
            _elb.SetTag(Blue, ProjectConfiguration.ProjectTagKey, "billing");
            BlueGreenException refused = await RefusedAsync("OtherProjectTargetGroup", FailureCategory.InvalidData);
            Assert.Contains("bluegreen:project=billing", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_when_the_name_to_create_is_a_group_of_another_project()
        {
            SeedWorld();
            _elb.Groups.Add(NewGroup("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/1111111111111111", "shop-green"));
            _elb.SetTag("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/1111111111111111", ProjectConfiguration.ProjectTagKey, "billing");
            BlueGreenException refused = await RefusedAsync("TargetGroupNameTaken", FailureCategory.ResourceExists);
            Assert.Contains("another project", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_when_the_name_to_create_is_an_untagged_group()
        {
            SeedWorld();
            _elb.Groups.Add(NewGroup("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/1111111111111111", "shop-green"));
            BlueGreenException refused = await RefusedAsync("TargetGroupNameTaken", FailureCategory.ResourceExists);
            Assert.Contains("tag it (bluegreen:project=shop)", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_listeners_forwarding_to_two_groups_that_are_not_the_projects()
        {
            _elb.AddListener(80, ForwardTo(Blue));
            _elb.AddListener(443, ForwardTo(Green));
            BlueGreenException refused = await RefusedAsync("AmbiguousServingGroup", FailureCategory.InvalidData);
            Assert.Contains("HTTP:80 default → shop-blue; HTTPS:443 default → shop-green", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_traffic_split_between_the_projects_two_groups()
        {
            _elb.SetTag(Blue, ProjectConfiguration.ProjectTagKey, "shop");
            _elb.SetTag(Green, ProjectConfiguration.ProjectTagKey, "shop");
            _elb.AddListener(80, new Action { Type = ActionTypeEnum.Forward, ForwardConfig = new ForwardActionConfig { TargetGroups = { new TargetGroupTuple { TargetGroupArn = Blue, Weight = 90 }, new TargetGroupTuple { TargetGroupArn = Green, Weight = 10 } } } });
            await RefusedAsync("TrafficSplit", FailureCategory.InvalidOperation);
        }

        [Fact]
        public async Task Refuses_more_than_two_groups_tagged_with_the_project()
        {
            SeedWorld();
            foreach (string name in new[] { "extra-1", "extra-2" })
            {
                string arn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/2222222222222222";
                _elb.Groups.Add(NewGroup(arn, name));
                _elb.SetTag(arn, ProjectConfiguration.ProjectTagKey, "shop");
            }

            _elb.SetTag(Blue, ProjectConfiguration.ProjectTagKey, "shop");
            await RefusedAsync("AmbiguousTargetGroups", FailureCategory.InvalidData);
        }

        [Fact]
        public async Task Refuses_an_existing_configured_group_that_cannot_take_turns_with_the_serving_one()
        {
            SeedWorld();
            TargetGroup other = NewGroup(Green, "shop-green");
            other.Port = 8000;
            _elb.Groups.Add(other);
            _config.TargetGroups = new[] { "shop-blue", "shop-green" };
            BlueGreenException refused = await RefusedAsync("IncompatibleTargetGroup", FailureCategory.InvalidData);
            Assert.Contains("port 8000 instead of 80", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_a_listener_forwarding_outside_the_configured_groups()
        {
            SeedWorld("seed-tg");
            _config.TargetGroups = new[] { "shop-blue", "shop-green" };
            await RefusedAsync("NotConfiguredTargetGroup", FailureCategory.InvalidData);
        }

        [Fact]
        public async Task Refuses_a_preview_rule_forwarding_to_a_third_group()
        {
            SeedWorld();
            string third = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/3333333333333333";
            _elb.Groups.Add(NewGroup(third, "other"));
            _elb.AddRule(ListenerArnOf(443), 1, PreviewHeader(), ForwardTo(third));
            await RefusedAsync("PreviewRuleForwardsElsewhere", FailureCategory.InvalidData);
        }

        [Theory]
        [InlineData(new int[0], 1, false, false)]
        [InlineData(new[] { 10, 20 }, 1, false, false)]
        [InlineData(new[] { 3 }, 1, false, false)]
        [InlineData(new[] { 2, 5 }, 1, true, false)]
        [InlineData(new[] { 1, 2, 4 }, 3, true, true)]
        public void The_preview_rule_leads_the_listener_with_room_after_it_for_maintenance(int[] taken, int expected, bool warns, bool hidden)
        {
            List<Rule> rules = taken.Select(p => new Rule { Priority = p.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();

            int priority = PreviewRulePlanner.ChoosePriority(rules, out string? warning, out bool isHidden);

            Assert.Equal(expected, priority);
            Assert.Equal(warns, warning != null);
            Assert.Equal(hidden, isHidden);
        }

        [Theory]
        [InlineData("shop", "shop-blue", "blue", "green", "shop-green")]
        [InlineData("shop", "Shop-Blue-TG", "blue", "green", "Shop-green-TG")]
        [InlineData("shop", "seed-tg", "blue", "green", "shop-green")]
        [InlineData("my_shop.prod", "tg", "blue", "green", "my-shop-prod-green")]
        [InlineData("a-very-long-project-name-indeed-xyz", "tg", "blue", "green", "a-very-long-project-name-i-green")]
        public void Names_the_second_group_after_the_first(string project, string liveName, string liveColor, string idleColor, string expected)
        {
            Assert.Equal(expected, TargetGroupPairing.DeriveName(project, liveName, liveColor, idleColor));
        }

        private static string ListenerArnOf(int port) => $"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/{port:D5}";

        /// <summary>Points the forwarding listeners' default actions (on the listener and on its default rule) at <paramref name="arn"/>.</summary>
        private async Task PointListenersAtAsync(string arn)
        {
            foreach (Listener listener in (await _elb.DescribeListenersAsync(LoadBalancerArn)).Where(l => l.Port != 8080))
            {
                listener.DefaultActions = new List<Action> { ForwardTo(arn) };
                _elb.RulesOf(listener.ListenerArn!).Single(r => r.IsDefault).Actions = new List<Action> { ForwardTo(arn) };
            }
        }

        /// <summary>Records every ShouldProcess target and action; answers with <c>answer</c>.</summary>
        private sealed class RecordingApproval : IChangeApproval
        {
            private readonly Func<string, bool> _answer;

            internal RecordingApproval(bool answer)
                : this(_ => answer)
            {
            }

            internal RecordingApproval(Func<string, bool> answer)
            {
                _answer = answer;
            }

            internal List<string> Asked { get; } = new List<string>();

            public bool Approve(string target, string action)
            {
                Asked.Add(target + ": " + action);
                return _answer(target);
            }
        }
    }
}
