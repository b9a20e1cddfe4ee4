using System.Globalization;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Traffic;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Target-group stickiness while a canary splits traffic (-CanaryStickiness / Deployment.CanaryStickinessSeconds):
    /// before the first canary share, each route's forward action gets stickiness for that long, so that a user's
    /// page and its hashed static files come from one release; the switch planner keeps a forward's stickiness as it
    /// moves the weights. What each route had before is journaled first (fact <see cref="Fact"/>, written once, so a
    /// run cut off and resumed never records its own setting as the original), and put back after the full switch,
    /// or after traffic went back to the old release (rollback, undo).
    /// </summary>
    internal static class CanaryStickiness
    {
        /// <summary>"&lt;listener or rule ARN&gt;|on|&lt;seconds&gt;" or "…|off|" per route, ';' between; empty once put back.</summary>
        internal const string Fact = "stickyWas";

        /// <summary>Records each route's stickiness (unless recorded) and turns it on for the canary.</summary>
        internal static async Task ApplyAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            int seconds = (int)c.Options.CanaryStickiness.TotalSeconds;
            if (seconds <= 0)
            {
                return;
            }

            TrafficState state = await c.Release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            List<ForwardingRoute> routes = state.Routes.Where(r => !r.IsPreview).ToList();
            if (Recorded(c).Count == 0)
            {
                string was = string.Join(";", routes.Select(r => r.ResourceArn + "|" + Describe(Stickiness(r))));
                await c.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>(Fact, was) }, cancellationToken).ConfigureAwait(false);
            }

            var wanted = new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = seconds };
            foreach (ForwardingRoute route in routes.Where(r => !Same(Stickiness(r), wanted)))
            {
                await ModifyAsync(c, route, wanted, cancellationToken).ConfigureAwait(false);
            }

            c.Release.Reporter.Verbose($"Stickiness on for {seconds} s on {routes.Count} route(s) while the canary splits traffic.");
        }

        /// <summary>Puts back what <see cref="ApplyAsync"/> recorded, and marks it put back; nothing when nothing was recorded.</summary>
        internal static async Task RestoreAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, TargetGroupStickinessConfig?> recorded = Recorded(c);
            if (recorded.Count == 0)
            {
                return;
            }

            TrafficState state = await c.Release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            foreach (ForwardingRoute route in state.Routes.Where(r => recorded.ContainsKey(r.ResourceArn)))
            {
                TargetGroupStickinessConfig? before = recorded[route.ResourceArn];
                if (!Same(Stickiness(route), before))
                {
                    await ModifyAsync(c, route, before, cancellationToken).ConfigureAwait(false);
                }
            }

            await c.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>(Fact, string.Empty) }, cancellationToken).ConfigureAwait(false);
            c.Release.Reporter.Verbose($"Stickiness put back as it was on {recorded.Count} route(s).");
        }

        /// <summary>The stickiness a route's forward action has (null: none, or off).</summary>
        internal static TargetGroupStickinessConfig? Stickiness(ForwardingRoute route) =>
            route.Actions.FirstOrDefault(a => a.Type == ActionTypeEnum.Forward)?.ForwardConfig?.TargetGroupStickinessConfig is TargetGroupStickinessConfig s && s.Enabled == true ? s : null;

        private static IReadOnlyDictionary<string, TargetGroupStickinessConfig?> Recorded(ReleaseContext c)
        {
            var recorded = new Dictionary<string, TargetGroupStickinessConfig?>(StringComparer.Ordinal);
            if (!c.Journal.Facts.TryGetValue(Fact, out string? text) || text.Length == 0)
            {
                return recorded;
            }

            foreach (string[] parts in text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('|')).Where(p => p.Length == 3))
            {
                recorded[parts[0]] = parts[1] == "on" && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds)
                    ? new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = seconds }
                    : null;
            }

            return recorded;
        }

        private static string Describe(TargetGroupStickinessConfig? stickiness) =>
            stickiness == null ? "off|" : "on|" + (stickiness.DurationSeconds ?? 3600).ToString(CultureInfo.InvariantCulture);

        private static bool Same(TargetGroupStickinessConfig? a, TargetGroupStickinessConfig? b) =>
            (a == null && b == null) || (a != null && b != null && a.DurationSeconds == b.DurationSeconds);

        /// <summary>The route's actions with its forward's stickiness set to <paramref name="stickiness"/> (null: off, as the simple form when it forwards to one group).</summary>
        private static Task ModifyAsync(ReleaseContext c, ForwardingRoute route, TargetGroupStickinessConfig? stickiness, CancellationToken cancellationToken)
        {
            List<ElbAction> actions = route.Actions.Select(a => a.Type != ActionTypeEnum.Forward ? a : Forward(a, stickiness)).ToList();
            c.Release.Reporter.Verbose($"{(route.IsDefault ? "ModifyListener" : "ModifyRule")} {route.ResourceArn}: stickiness {(stickiness == null ? "off" : stickiness.DurationSeconds + " s")}.");
            return route.IsDefault
                ? c.Release.Machines.ElasticLoadBalancing.ModifyListenerAsync(route.ListenerArn, actions, cancellationToken)
                : c.Release.Machines.ElasticLoadBalancing.ModifyRuleAsync(route.RuleArn!, actions, cancellationToken);
        }

        private static ElbAction Forward(ElbAction original, TargetGroupStickinessConfig? stickiness)
        {
            List<TargetGroupTuple> groups = original.ForwardConfig?.TargetGroups.Select(g => new TargetGroupTuple { TargetGroupArn = g.TargetGroupArn, Weight = g.Weight }).ToList()
                ?? new List<TargetGroupTuple> { new TargetGroupTuple { TargetGroupArn = original.TargetGroupArn, Weight = 1 } };
            var action = new ElbAction { Type = ActionTypeEnum.Forward, Order = original.Order };
            List<TargetGroupTuple> weighted = groups.Where(g => (g.Weight ?? 1) > 0).ToList();
            if (stickiness == null && weighted.Count == 1)
            {
                action.TargetGroupArn = weighted[0].TargetGroupArn;
                return action;
            }

            action.ForwardConfig = new ForwardActionConfig
            {
                TargetGroups = groups,
                TargetGroupStickinessConfig = stickiness ?? new TargetGroupStickinessConfig { Enabled = false },
            };
            return action;
        }
    }
}
