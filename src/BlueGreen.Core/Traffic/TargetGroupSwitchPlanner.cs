using BlueGreen.Aws.ElasticLoadBalancing.Model;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Decides what a switch changes: every forwarding route (listener default action or rule) gets
    /// <c>incomingPercent</c> of its traffic sent to the idle group and the rest to the live group. Only the
    /// forward action of a route is rewritten; other actions (authenticate) keep their place and order, and
    /// listeners that redirect or answer fixed responses are not routes at all, so they are never touched.
    /// </summary>
    public static class TargetGroupSwitchPlanner
    {
        /// <param name="state">As read by <see cref="TrafficStateReader"/>.</param>
        /// <param name="incomingPercent">Share for the idle group: 100 makes it live, 1-99 is a canary, 0 sends everything back.</param>
        public static TargetGroupSwitchPlan Plan(TrafficState state, int incomingPercent)
        {
            if (incomingPercent < 0 || incomingPercent > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(incomingPercent), incomingPercent, "The share of traffic for the idle group is a percentage from 0 to 100.");
            }

            ProjectTargetGroup from = state.Live;
            ProjectTargetGroup to = state.Idle;
            var changes = new List<RouteChange>();
            foreach (ForwardingRoute route in state.Routes)
            {
                if (route.WeightOf(to.Arn) == incomingPercent && route.WeightOf(from.Arn) == 100 - incomingPercent)
                {
                    continue;
                }

                IReadOnlyList<ElbAction> actions = route.Actions.Select(a => a.Type == ActionTypeEnum.Forward ? Forward(a, from.Arn, to.Arn, incomingPercent) : a).ToList();
                changes.Add(new RouteChange(route, from, to, incomingPercent, actions));
            }

            // Preview rules follow the group that is idle afterwards, so its targets stay health-checked (for a rollback).
            ProjectTargetGroup idleAfter = incomingPercent == 100 ? from : to;
            ProjectTargetGroup liveAfter = idleAfter == from ? to : from;
            foreach (ForwardingRoute preview in state.PreviewRoutes)
            {
                if (preview.WeightOf(idleAfter.Arn) == 100)
                {
                    continue;
                }

                IReadOnlyList<ElbAction> actions = preview.Actions.Select(a => a.Type == ActionTypeEnum.Forward ? Forward(a, liveAfter.Arn, idleAfter.Arn, 100) : a).ToList();
                changes.Add(new RouteChange(preview, liveAfter, idleAfter, 100, actions));
            }

            return new TargetGroupSwitchPlan(state.LoadBalancerArn, from, to, incomingPercent, changes);
        }

        private static ElbAction Forward(ElbAction original, string fromArn, string toArn, int incomingPercent)
        {
            TargetGroupStickinessConfig? stickiness = original.ForwardConfig?.TargetGroupStickinessConfig;
            bool sticky = stickiness?.Enabled == true;
            var action = new ElbAction { Type = ActionTypeEnum.Forward, Order = original.Order };
            if (incomingPercent == 0 || incomingPercent == 100)
            {
                string single = incomingPercent == 100 ? toArn : fromArn;
                if (sticky)
                {
                    action.ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups = { new TargetGroupTuple { TargetGroupArn = single, Weight = 1 } },
                        TargetGroupStickinessConfig = stickiness,
                    };
                }
                else
                {
                    action.TargetGroupArn = single;
                }

                return action;
            }

            action.ForwardConfig = new ForwardActionConfig
            {
                TargetGroups =
                {
                    new TargetGroupTuple { TargetGroupArn = fromArn, Weight = 100 - incomingPercent },
                    new TargetGroupTuple { TargetGroupArn = toArn, Weight = incomingPercent },
                },
                TargetGroupStickinessConfig = stickiness,
            };
            return action;
        }
    }
}
