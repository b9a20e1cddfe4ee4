using System.Linq;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Traffic;
using Xunit;
using static BlueGreen.Tests.Unit.Traffic.TrafficStateBuilder;

namespace BlueGreen.Tests.Unit.Traffic
{
    public class TargetGroupSwitchPlannerTests
    {
        [Fact]
        public void Full_switch_rewrites_every_forwarding_route_to_the_idle_group()
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).Route(443, null, ForwardTo(Blue)).Route(443, "10", ForwardTo(Blue)).Build();

            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, 100);

            Assert.Equal("shop-blue", plan.From.Name);
            Assert.Equal("shop-green", plan.To.Name);
            Assert.Equal(3, plan.Changes.Count);
            Assert.All(plan.Changes, c =>
            {
                Action forward = Assert.Single(c.NewActions);
                Assert.Equal(Green, forward.TargetGroupArn);
                Assert.Null(forward.ForwardConfig);
                Assert.Equal("blue 100%", c.Before);
                Assert.Equal("green 100%", c.After);
            });
            Assert.Equal("10", plan.Changes[2].Rule);
            Assert.Equal("path-pattern /api/*", plan.Changes[2].Conditions);
        }

        [Fact]
        public void Canary_weight_gives_a_weighted_forward_and_keeps_stickiness()
        {
            TrafficState state = new TrafficStateBuilder().Route(443, null, Weighted(1, 0, sticky: true)).Build();

            RouteChange change = Assert.Single(TargetGroupSwitchPlanner.Plan(state, 10).Changes);

            Action forward = Assert.Single(change.NewActions);
            Assert.Null(forward.TargetGroupArn);
            Assert.Equal(new[] { (Blue, 90), (Green, 10) }, forward.ForwardConfig!.TargetGroups.Select(t => (t.TargetGroupArn!, t.Weight!.Value)));
            Assert.True(forward.ForwardConfig.TargetGroupStickinessConfig!.Enabled);
            Assert.Equal("blue 90%, green 10%", change.After);
        }

        [Fact]
        public void Completing_a_canary_makes_the_incoming_group_live()
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, Weighted(90, 10)).Build(greenIncomingTag: true);

            TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, 100);

            Assert.Equal("shop-green", plan.To.Name);
            Assert.Equal(Green, Assert.Single(Assert.Single(plan.Changes).NewActions).TargetGroupArn);
            Assert.True(plan.EndsSplit);
        }

        [Fact]
        public void Weight_zero_sends_a_canary_back()
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, Weighted(90, 10)).Build(greenIncomingTag: true);

            RouteChange change = Assert.Single(TargetGroupSwitchPlanner.Plan(state, 0).Changes);

            Assert.Equal(Blue, Assert.Single(change.NewActions).TargetGroupArn);
            Assert.Equal("blue 100%", change.After);
        }

        [Fact]
        public void Routes_already_in_place_are_not_changed()
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, Weighted(90, 10)).Route(443, null, Weighted(50, 50)).Build(greenIncomingTag: true);

            RouteChange change = Assert.Single(TargetGroupSwitchPlanner.Plan(state, 10).Changes);

            Assert.Equal("HTTPS:443", change.Listener);
        }

        [Fact]
        public void Authenticate_actions_keep_their_place_and_order()
        {
            var authenticate = new Action { Type = "authenticate-oidc", Order = 1, AuthenticateOidcConfig = new AuthenticateOidcActionConfig { Issuer = "https://id.example" } };
            TrafficState state = new TrafficStateBuilder().Route(443, null, authenticate, ForwardTo(Blue, order: 2)).Build();

            RouteChange change = Assert.Single(TargetGroupSwitchPlanner.Plan(state, 100).Changes);

            Assert.Same(authenticate, change.NewActions[0]);
            Assert.Equal(2, change.NewActions[1].Order);
            Assert.Equal(Green, change.NewActions[1].TargetGroupArn);
        }

        [Fact]
        public void Preview_rule_follows_the_group_that_is_idle_after_the_switch()
        {
            TrafficState state = new TrafficStateBuilder().Route(443, null, ForwardTo(Blue)).Preview(443, "1", Green).Build();

            Assert.Single(state.Routes);
            TargetGroupSwitchPlan full = TargetGroupSwitchPlanner.Plan(state, 100);
            RouteChange preview = Assert.Single(full.Changes, c => c.Route.IsPreview);
            Assert.Equal(Blue, Assert.Single(preview.NewActions).TargetGroupArn);

            Assert.DoesNotContain(TargetGroupSwitchPlanner.Plan(state, 10).Changes, c => c.Route.IsPreview);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(101)]
        public void Weight_outside_0_to_100_is_refused(int weight)
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).Build();

            Assert.Throws<System.ArgumentOutOfRangeException>(() => TargetGroupSwitchPlanner.Plan(state, weight));
        }

        [Theory]
        [InlineData(1, 1, 50, 50)]
        [InlineData(9, 1, 90, 10)]
        [InlineData(2, 1, 67, 33)]
        [InlineData(1, 0, 100, 0)]
        public void Weights_become_percentages_that_add_up_to_100(int blue, int green, int bluePercent, int greenPercent)
        {
            var weights = TrafficStateReader.WeightsOf(Weighted(blue, green));

            Assert.Equal(bluePercent, weights[Blue]);
            Assert.Equal(greenPercent, weights[Green]);
        }
    }
}
