using System.Collections.Generic;
using System.Linq;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Traffic;

namespace BlueGreen.Tests.Unit.Traffic
{
    /// <summary>Builds <see cref="TrafficState"/> values the way <see cref="TrafficStateReader"/> would, for planner tests.</summary>
    internal sealed class TrafficStateBuilder
    {
        internal const string Blue = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef";
        internal const string Green = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/fedcba9876543210";

        private readonly List<(Listener Listener, Rule? Rule, List<Action> Actions)> _routes = new List<(Listener, Rule?, List<Action>)>();
        private string[] _greenStates = { "healthy" };

        internal TrafficStateBuilder Preview(int port, string rulePriority, string targetGroupArn, params RuleCondition[] moreConditions)
        {
            Route(port, rulePriority, ForwardTo(targetGroupArn));
            Rule rule = _routes[_routes.Count - 1].Rule!;
            rule.Conditions.Clear();
            rule.Conditions.Add(new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-BlueGreen-Preview", Values = { "1" } } });
            rule.Conditions.AddRange(moreConditions);
            return this;
        }

        internal TrafficStateBuilder Route(int port, string? rulePriority, params Action[] actions)
        {
            var listener = new Listener
            {
                ListenerArn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/{port}",
                Port = port,
                Protocol = port == 443 ? "HTTPS" : "HTTP",
                DefaultActions = actions.ToList(),
            };
            Rule? rule = rulePriority == null ? null : new Rule
            {
                RuleArn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/1/{port}/{rulePriority}",
                Priority = rulePriority,
                Conditions = { new RuleCondition { Field = "path-pattern", Values = { "/api/*" } } },
                Actions = actions.ToList(),
            };
            _routes.Add((listener, rule, actions.ToList()));
            return this;
        }

        internal TrafficStateBuilder GreenHealthy(int count)
        {
            _greenStates = Enumerable.Repeat("healthy", count).ToArray();
            return this;
        }

        /// <summary>One green target per state, e.g. "healthy", "initial", "unhealthy".</summary>
        internal TrafficStateBuilder GreenTargets(params string[] states)
        {
            _greenStates = states;
            return this;
        }

        internal TrafficState Build(bool greenIncomingTag = false)
        {
            var routes = _routes.Select(r => new ForwardingRoute(r.Listener, r.Rule, r.Actions, TrafficStateReader.WeightsOf(r.Actions.Single(a => a.Type == ActionTypeEnum.Forward)))).ToList();
            var blue = new ProjectTargetGroup("shop", "shop-blue", Blue, "blue", new[] { new TargetStatus("i-blue1", 80, "healthy", null, null) });
            var green = new ProjectTargetGroup("shop", "shop-green", Green, "green",
                _greenStates.Select((state, i) => new TargetStatus("i-green" + i, 80, state, state == "healthy" ? null : "Target.ResponseCodeMismatch", null)).ToList());
            int blueShare = (int)routes.Where(r => !r.IsPreview).Average(r => r.WeightOf(Blue));
            blue.Weight = blueShare;
            green.Weight = 100 - blueShare;
            blue.Role = blueShare == 100 ? TargetGroupRole.Live : blueShare == 0 ? TargetGroupRole.Idle : TargetGroupRole.Split;
            green.Role = blueShare == 0 ? TargetGroupRole.Live : blueShare == 100 ? TargetGroupRole.Idle : TargetGroupRole.Split;
            green.IsIncoming = greenIncomingTag || blueShare == 100;
            blue.IsIncoming = !green.IsIncoming;
            return new TrafficState("arn:lb", "shop", new[] { blue, green }, routes.Where(r => !r.IsPreview).ToList(), routes.Where(r => r.IsPreview).ToList(), new[] { "HTTP:8080 default (redirect)" });
        }

        internal static Action ForwardTo(string arn, int? order = null) => new Action { Type = ActionTypeEnum.Forward, TargetGroupArn = arn, Order = order };

        internal static Action Weighted(int blue, int green, bool sticky = false) => new Action
        {
            Type = ActionTypeEnum.Forward,
            ForwardConfig = new ForwardActionConfig
            {
                TargetGroups = { new TargetGroupTuple { TargetGroupArn = Blue, Weight = blue }, new TargetGroupTuple { TargetGroupArn = Green, Weight = green } },
                TargetGroupStickinessConfig = sticky ? new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = 3600 } : null,
            },
        };
    }
}
