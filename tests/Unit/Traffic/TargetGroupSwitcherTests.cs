using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Traffic;
using Xunit;
using static BlueGreen.Tests.Unit.Traffic.LatentLoadBalancer;

namespace BlueGreen.Tests.Unit.Traffic
{
    /// <summary>
    /// The reader and the switch against an ELBv2 with 100 ms per call (<see cref="LatentLoadBalancer"/>): what does not
    /// depend on each other goes at once, the route changes of a switch in one round trip, within the bound on calls in
    /// flight, and a change that fails puts back every route that changed.
    /// </summary>
    public class TargetGroupSwitcherTests
    {
        private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

        private static ProjectConfiguration Tagged() => new ProjectConfiguration { Project = "shop", LoadBalancer = "shop-lb" };

        [Fact]
        public async Task Reading_takes_three_round_trips_the_rules_of_every_listener_and_the_health_of_both_groups_at_once()
        {
            var elb = new LatentLoadBalancer(Latency);

            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);

            Assert.Equal(Blue, state.Live.Arn);
            Assert.Equal(3, state.Routes.Count);
            Assert.Single(state.PreviewRoutes);
            Assert.True(3 == RoundTrips(elb.Calls), "calls (ms): " + string.Join("; ", elb.Calls.Select(c => $"{c.Action} {c.Start.TotalMilliseconds:0}-{c.End.TotalMilliseconds:0}")));
            Assert.Equal(3, elb.Calls.Count(c => c.Action == "DescribeRules"));
            Assert.True(elb.MaxInFlight >= 3, $"the rules of the 3 listeners go at once; at most {elb.MaxInFlight} calls were in flight");
            Assert.Equal(2, elb.Calls.Count(c => c.Action == "DescribeTargetHealth"));
        }

        [Fact]
        public async Task Configured_groups_are_read_in_three_round_trips_too()
        {
            var elb = new LatentLoadBalancer(Latency);
            ProjectConfiguration config = Tagged();
            config.TargetGroups = new[] { "shop-blue", Green };

            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(config, CancellationToken.None);

            Assert.Equal(Green, state.Idle.Arn);
            Assert.Equal(3, RoundTrips(elb.Calls));
            Assert.Equal(2, elb.Calls.Count(c => c.Action == "DescribeTargetGroups"));
        }

        [Fact]
        public async Task A_switch_sends_every_route_change_at_once_and_verifies_in_one_more_round_trip()
        {
            var elb = new LatentLoadBalancer(Latency);
            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            elb.ClearCalls();

            IReadOnlyList<RouteChange> changes = await new TargetGroupSwitcher(elb, NullOperationReporter.Instance)
                .ExecuteAsync(TargetGroupSwitchPlanner.Plan(state, 100), ApproveAll.Instance, false, CancellationToken.None);

            Assert.All(changes, c => Assert.Equal(RouteChangeStatus.Applied, c.Status));
            var modifications = elb.Calls.Where(c => c.Action.StartsWith("Modify", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, modifications.Count);
            Assert.Equal(1, RoundTrips(modifications));
            TimeSpan mixedWindow = modifications.Max(c => c.End) - modifications.Min(c => c.End);
            // One after the other, the four would be at least three latencies (300 ms) apart.
            Assert.True(mixedWindow < 2 * Latency, $"every route moves within one round trip; the first and the last were {mixedWindow.TotalMilliseconds:0} ms apart");
            // Modifications, then the verification's reads together with the incoming tag.
            Assert.Equal(2, RoundTrips(elb.Calls));
            Assert.DoesNotContain(elb.Calls, c => c.Action is "DescribeLoadBalancers" or "DescribeTargetGroups" or "DescribeTargetHealth");
            Assert.Equal(100, elb.WeightsAt(Http)[Green]);
            Assert.Equal(100, elb.WeightsAt(Https)[Green]);
            Assert.Equal(100, elb.WeightsAt(ApiRule)[Green]);
            Assert.Equal(100, elb.WeightsAt(PreviewRule)[Blue]);
        }

        [Fact]
        public async Task A_canary_moves_its_tag_while_the_routes_are_read_back()
        {
            var elb = new LatentLoadBalancer(Latency);
            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            elb.ClearCalls();

            await new TargetGroupSwitcher(elb, NullOperationReporter.Instance).ExecuteAsync(TargetGroupSwitchPlanner.Plan(state, 10), ApproveAll.Instance, false, CancellationToken.None);

            Assert.Equal("true", elb.TagOf(Green, TrafficStateReader.IncomingTagKey));
            Assert.Equal(10, elb.WeightsAt(ApiRule)[Green]);
            Assert.Equal(2, RoundTrips(elb.Calls));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_failed_change_puts_back_every_route_that_changed_including_one_that_landed_despite_its_error(bool landed)
        {
            var elb = new LatentLoadBalancer(Latency);
            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, 100);
            elb.FailModification[ApiRule] = landed;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                new TargetGroupSwitcher(elb, NullOperationReporter.Instance).ExecuteAsync(plan, ApproveAll.Instance, false, CancellationToken.None));

            Assert.Equal("SwitchFailed", error.ErrorId);
            Assert.Contains("put back", error.Message);
            AssertAsBefore(elb);
            Assert.Equal(landed ? 4 : 3, plan.Changes.Count(c => c.Status == RouteChangeStatus.RolledBack));
            Assert.Null(elb.TagOf(Green, TrafficStateReader.IncomingTagKey));
        }

        [Fact]
        public async Task A_failed_change_that_cannot_be_read_back_is_put_back_all_the_same()
        {
            var elb = new LatentLoadBalancer(Latency);
            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, 100);
            elb.FailModification[ApiRule] = true;
            elb.FailAction.Add("DescribeRules");

            var error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                new TargetGroupSwitcher(elb, NullOperationReporter.Instance).ExecuteAsync(plan, ApproveAll.Instance, false, CancellationToken.None));

            Assert.Equal("SwitchFailed", error.ErrorId);
            AssertAsBefore(elb);
        }

        [Fact]
        public async Task Routes_declined_at_the_prompt_are_not_sent_and_a_cancellation_before_sending_sends_nothing()
        {
            var elb = new LatentLoadBalancer(Latency);
            TrafficState state = await new TrafficStateReader(elb, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            elb.ClearCalls();
            var approval = new DecliningApproval(ApiRule);

            IReadOnlyList<RouteChange> changes = await new TargetGroupSwitcher(elb, NullOperationReporter.Instance)
                .ExecuteAsync(TargetGroupSwitchPlanner.Plan(state, 100), approval, false, CancellationToken.None);

            Assert.Equal(RouteChangeStatus.Skipped, changes.Single(c => c.ResourceArn == ApiRule).Status);
            Assert.Equal(3, elb.Calls.Count(c => c.Action.StartsWith("Modify", StringComparison.Ordinal)));
            Assert.Equal(100, elb.WeightsAt(ApiRule)[Blue]);

            var fresh = new LatentLoadBalancer(Latency);
            TrafficState again = await new TrafficStateReader(fresh, NullOperationReporter.Instance).ReadAsync(Tagged(), CancellationToken.None);
            using var cancellation = new CancellationTokenSource();
            var cancelling = new DecliningApproval(null) { OnAsk = cancellation.Cancel };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new TargetGroupSwitcher(fresh, NullOperationReporter.Instance).ExecuteAsync(TargetGroupSwitchPlanner.Plan(again, 100), cancelling, false, cancellation.Token));
            Assert.DoesNotContain(fresh.Calls, c => c.Action.StartsWith("Modify", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(101)]
        public void A_bound_outside_1_to_100_is_refused_saying_what_to_set(int bound)
        {
            var error = Assert.Throws<BlueGreenException>(() => new AwsRequestLimiter(bound));

            Assert.Equal("AwsMaxConcurrentRequestsInvalid", error.ErrorId);
            Assert.Contains("MaxConcurrentRequests", error.Message);
        }

        [Fact]
        public void The_bound_comes_from_bluegreen_psd1_with_a_default_of_10_and_a_clear_error()
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Project"] = "shop", ["LoadBalancer"] = "shop-alb" };
            Assert.Equal(AwsSettings.DefaultMaxConcurrentRequests, ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Aws.MaxConcurrentRequests);
            Assert.Equal(10, AwsSettings.DefaultMaxConcurrentRequests);

            values["Aws"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["MaxConcurrentRequests"] = 4 };
            Assert.Equal(4, ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Aws.MaxConcurrentRequests);

            values["Aws"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["MaxConcurrentRequests"] = 0 };
            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1"));
            Assert.Equal("ConfigurationInvalidSetting", error.ErrorId);
            Assert.Contains("Aws.MaxConcurrentRequests", error.Message);
            Assert.Contains("1 to 100", error.Message);

            string template = ProjectConfigurationTemplate.Render(new ProjectConfiguration { Project = "shop", LoadBalancer = "shop-alb" });
            Assert.Contains("MaxConcurrentRequests = 10", template);
        }

        [Fact]
        public void The_client_factory_bounds_its_clients_by_the_connection_setting()
        {
            var factory = new AwsClientFactory(new AwsConnectionSettings { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9"), MaxConcurrentRequests = 3 });

            Assert.Equal(3, factory.RequestLimiter.MaxConcurrentRequests);
            Assert.Equal(AwsSettings.DefaultMaxConcurrentRequests, new AwsClientFactory(new AwsConnectionSettings { Region = "us-east-1" }).RequestLimiter.MaxConcurrentRequests);
        }

        private static void AssertAsBefore(LatentLoadBalancer elb)
        {
            Assert.Equal(100, elb.WeightsAt(Http)[Blue]);
            Assert.Equal(100, elb.WeightsAt(Https)[Blue]);
            Assert.Equal(100, elb.WeightsAt(ApiRule)[Blue]);
            Assert.Equal(100, elb.WeightsAt(PreviewRule)[Green]);
        }

        private sealed class DecliningApproval : IChangeApproval
        {
            private readonly string? _declined;

            internal DecliningApproval(string? declined)
            {
                _declined = declined;
            }

            internal System.Action? OnAsk { get; set; }

            public bool Approve(string target, string action)
            {
                OnAsk?.Invoke();
                return _declined == null || !target.Contains(_declined, StringComparison.Ordinal);
            }
        }
    }
}
