using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Maintenance;
using BlueGreen.Tests.Unit.Machines;
using Xunit;
using static BlueGreen.Tests.Unit.Maintenance.InMemoryLoadBalancer;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Maintenance
{
    public sealed class LoadBalancerMaintenanceModeTests
    {
        private readonly InMemoryLoadBalancer _elb = new InMemoryLoadBalancer();
        private readonly RecordingReporter _reporter = new RecordingReporter();

        private static ProjectConfiguration Config() => new ProjectConfiguration
        {
            Project = "shop",
            LoadBalancer = "shop",
            TargetGroups = new[] { "shop-blue", "shop-green" },
            Maintenance = new MaintenanceSettings { Mode = MaintenanceModeKind.LoadBalancer, StatusCode = 503, ContentType = "text/html", Body = "<h1>Down for maintenance</h1>" },
        };

        private LoadBalancerMaintenanceMode Mode() => new LoadBalancerMaintenanceMode(_elb, Config(), _reporter);

        private static Tag Marker(string project) => new Tag { Key = LoadBalancerMaintenanceMode.TagKey, Value = project };

        private static ElbAction Fixed(string status = "404") => new ElbAction { Type = ActionTypeEnum.FixedResponse, FixedResponseConfig = new FixedResponseActionConfig { StatusCode = status } };

        [Theory]
        [InlineData(new int[0], new bool[0], 1)]
        [InlineData(new[] { 10 }, new[] { false }, 1)]
        [InlineData(new[] { 1, 10 }, new[] { true, false }, 2)]
        [InlineData(new[] { 1, 2, 3, 40 }, new[] { true, true, true, false }, 4)]
        [InlineData(new[] { 5, 10 }, new[] { true, false }, 6)]
        [InlineData(new[] { 3, 7 }, new[] { false, false }, 1)]
        [InlineData(new[] { 1 }, new[] { true }, 2)]
        [InlineData(new[] { 50000 }, new[] { true }, null)]
        [InlineData(new[] { 1 }, new[] { false }, null)]
        [InlineData(new[] { 1, 2 }, new[] { true, false }, null)]
        public void The_rule_goes_right_after_the_leading_previews_and_before_every_other_rule(int[] priorities, bool[] previews, int? expected)
        {
            MaintenanceRulePriority placement = MaintenanceRulePriority.Choose(priorities.Zip(previews, (p, preview) => (p, preview)));

            Assert.Equal(expected, placement.Priority);
            Assert.Empty(placement.ShadowedPreviews);
        }

        [Fact]
        public void A_preview_after_another_rule_is_reported_as_shadowed()
        {
            MaintenanceRulePriority placement = MaintenanceRulePriority.Choose(new[] { (1, true), (10, false), (20, true) });

            Assert.Equal(2, placement.Priority);
            Assert.Equal(new[] { 20 }, placement.ShadowedPreviews);
        }

        [Fact]
        public async Task Enable_puts_a_tagged_fixed_response_rule_on_every_forwarding_listener_after_the_preview_rules()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            _elb.AddRule(https, 1, PreviewHeader(), ForwardTo(Green));
            _elb.AddRule(https, 10, Path("/api/*"), ForwardTo(Blue));
            string http = _elb.AddListener(80, Redirect());
            string admin = _elb.AddListener(8443, ForwardTo(Blue));
            string status = _elb.AddListener(9000, Fixed("200"));

            MaintenanceReport report = await Mode().EnableAsync(CancellationToken.None);

            Assert.True(report.Succeeded);
            Assert.True(report.TurnedOn);
            Assert.Equal(new[] { "create 00443 2", "create 08443 1" }, _elb.Changes);
            Assert.Equal(new[] { (MaintenanceOutcome.Changed, (int?)2), (MaintenanceOutcome.Changed, (int?)1) }, report.Changes.Select(c => (c.Outcome, c.Priority)));
            Assert.Equal("1 http-header forward; 2 path-pattern fixed-response; 10 path-pattern forward; default forward", _elb.Describe(https));
            Assert.Equal("default redirect", _elb.Describe(http));
            Assert.Equal("default fixed-response", _elb.Describe(status));

            Rule rule = _elb.RulesOf(admin).Single(r => r.Priority == "1");
            Assert.Equal(new[] { "/*" }, rule.Conditions.Single().PathPatternConfig!.Values);
            FixedResponseActionConfig response = Assert.Single(rule.Actions).FixedResponseConfig!;
            Assert.Equal(("503", "text/html", "<h1>Down for maintenance</h1>"), (response.StatusCode, response.ContentType, response.MessageBody));
            Tag tag = Assert.Single(_elb.TagsOf(rule.RuleArn!));
            Assert.Equal(("bluegreen:maintenance", "shop"), (tag.Key, tag.Value));
        }

        [Fact]
        public async Task Enable_twice_keeps_the_rules_it_finds()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            await Mode().EnableAsync(CancellationToken.None);

            MaintenanceReport again = await Mode().EnableAsync(CancellationToken.None);

            Assert.Equal(new[] { "create 00443 1" }, _elb.Changes);
            Assert.Equal(MaintenanceOutcome.AlreadyInPlace, Assert.Single(again.Changes).Outcome);
            Assert.Equal("1 path-pattern fixed-response; default forward", _elb.Describe(https));
        }

        [Fact]
        public async Task Without_a_free_priority_on_one_listener_nothing_is_changed_anywhere()
        {
            _elb.AddListener(443, ForwardTo(Blue));
            string api = _elb.AddListener(8443, ForwardTo(Blue));
            _elb.AddRule(api, 1, PreviewHeader(), ForwardTo(Green));
            _elb.AddRule(api, 2, Path("/api/*"), ForwardTo(Blue));

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => Mode().EnableAsync(CancellationToken.None));

            Assert.Equal("MaintenanceNoFreePriority", error.ErrorId);
            Assert.Contains("HTTP:8443 (preview rules up to priority 1, next rule at 2)", error.Message);
            Assert.Contains("set-rule-priorities", error.Message);
            Assert.Empty(_elb.Changes);
        }

        [Fact]
        public async Task A_failure_on_the_third_of_four_listeners_removes_the_two_rules_already_created()
        {
            string[] listeners = { _elb.AddListener(443, ForwardTo(Blue)), _elb.AddListener(8443, ForwardTo(Blue)), _elb.AddListener(9443, ForwardTo(Blue)), _elb.AddListener(10443, ForwardTo(Blue)) };
            _elb.FailCreateRule = (listener, _) => listener == listeners[2] ? "TooManyRules" : null;

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().EnableAsync(CancellationToken.None));

            Assert.Equal("MaintenanceEnableFailed", error.ErrorId);
            Assert.Equal(new[] { "create 00443 1", "create 08443 1", "delete 00443 1", "delete 08443 1" }, _elb.Changes);
            Assert.All(listeners, l => Assert.Equal("default forward", _elb.Describe(l)));
            Assert.Equal(new[] { MaintenanceOutcome.Undone, MaintenanceOutcome.Undone, MaintenanceOutcome.Failed }, error.Report.Changes.Select(c => c.Outcome));
            Assert.Contains("HTTP:9443", error.Message);
            Assert.Contains("TooManyRules", error.Message);
            Assert.Contains("The 2 rule(s) already created were deleted again.", error.Message);
        }

        [Fact]
        public async Task A_cancelled_enable_still_removes_what_it_created()
        {
            string[] listeners = { _elb.AddListener(443, ForwardTo(Blue)), _elb.AddListener(8443, ForwardTo(Blue)) };
            _elb.FailCreateRule = (listener, _) => listener == listeners[1] ? "Cancelled" : null;

            await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => Mode().EnableAsync(CancellationToken.None));

            Assert.Equal(new[] { "create 00443 1", "delete 00443 1" }, _elb.Changes);
        }

        [Fact]
        public async Task A_rollback_that_fails_says_which_rule_may_remain()
        {
            string[] listeners = { _elb.AddListener(443, ForwardTo(Blue)), _elb.AddListener(8443, ForwardTo(Blue)) };
            _elb.FailCreateRule = (listener, _) => listener == listeners[1] ? "Throttling" : null;
            _elb.FailDeleteRule = _ => "ServiceUnavailable";

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().EnableAsync(CancellationToken.None));

            MaintenanceChange left = error.Report.Changes.First();
            Assert.Equal(MaintenanceOutcome.UndoFailed, left.Outcome);
            Assert.Contains(left.Target, error.Message);
            Assert.Contains("run the maintenance disable again", error.Message);
        }

        [Fact]
        public async Task Disable_deletes_the_projects_rules_anywhere_even_those_a_crashed_run_left_and_nothing_else()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            _elb.AddRule(https, 1, PreviewHeader(), ForwardTo(Green));
            _elb.AddRule(https, 2, Path("/*"), Fixed("503"), Marker("shop"));
            _elb.AddRule(https, 3, Path("/*"), Fixed("503"), Marker("other-project"));
            _elb.AddRule(https, 4, Path("/old/*"), Fixed("410"));
            string http = _elb.AddListener(80, Redirect());
            _elb.AddRule(http, 7, Path("/*"), Fixed("503"), Marker("shop"));

            MaintenanceReport report = await Mode().DisableAsync(CancellationToken.None);

            Assert.True(report.Succeeded);
            Assert.False(report.TurnedOn);
            Assert.Equal(new[] { "delete 00443 2", "delete 00080 7" }, _elb.Changes);
            Assert.Equal("1 http-header forward; 3 path-pattern fixed-response; 4 path-pattern fixed-response; default forward", _elb.Describe(https));
            Assert.Equal("default redirect", _elb.Describe(http));

            MaintenanceReport again = await Mode().DisableAsync(CancellationToken.None);
            Assert.Empty(again.Changes);
            Assert.Equal(2, _elb.Changes.Count);
        }

        [Fact]
        public async Task Disable_attempts_every_rule_and_names_the_one_it_could_not_delete()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            string stuck = _elb.AddRule(https, 1, Path("/*"), Fixed("503"), Marker("shop"));
            string api = _elb.AddListener(8443, ForwardTo(Blue));
            _elb.AddRule(api, 1, Path("/*"), Fixed("503"), Marker("shop"));
            _elb.FailDeleteRule = arn => arn == stuck ? "Throttling" : null;

            var error = await Assert.ThrowsAsync<MaintenanceFailedException>(() => Mode().DisableAsync(CancellationToken.None));

            Assert.Equal("MaintenanceDisableFailed", error.ErrorId);
            Assert.Equal(new[] { "delete 08443 1" }, _elb.Changes);
            MaintenanceChange failed = Assert.Single(error.Report.Failures);
            Assert.Equal(stuck, failed.Target);
            Assert.Contains("HTTPS:443 rule 1", error.Message);
            Assert.Contains("Throttling", error.Message);
        }

        [Fact]
        public async Task Enable_then_disable_leaves_the_rules_as_they_were()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            _elb.AddRule(https, 1, PreviewHeader(), ForwardTo(Green));
            _elb.AddRule(https, 10, Path("/api/*"), ForwardTo(Blue));
            string before = _elb.Describe(https);

            await Mode().EnableAsync(CancellationToken.None);
            Assert.NotEqual(before, _elb.Describe(https));
            await Mode().DisableAsync(CancellationToken.None);

            Assert.Equal(before, _elb.Describe(https));
        }

        [Fact]
        public async Task A_shadowed_preview_rule_is_warned_about()
        {
            string https = _elb.AddListener(443, ForwardTo(Blue));
            _elb.AddRule(https, 5, Path("/api/*"), ForwardTo(Blue));
            _elb.AddRule(https, 9, PreviewHeader(), ForwardTo(Green));

            MaintenanceReport report = await Mode().EnableAsync(CancellationToken.None);

            Assert.Equal(1, Assert.Single(report.Changes).Priority);
            Assert.Contains("priority 9", Assert.Single(report.Warnings));
            Assert.Contains(_reporter.Warnings, w => w.Contains("hides them"));
        }
    }
}
