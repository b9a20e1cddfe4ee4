using System.Globalization;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Plans the preview rules of <see cref="LoadBalancerPreparation"/>: on every listener that forwards the site's
    /// traffic, a rule matching header X-BlueGreen-Preview that forwards to the idle group, kept, re-pointed or created
    /// at a priority that leads the listener and leaves room for LoadBalancer maintenance.
    /// </summary>
    internal static class PreviewRulePlanner
    {
        /// <summary>A preview rule on every listener that forwards the site's traffic: kept, re-pointed at the idle group, or created.</summary>
        internal static void Plan(
            LoadBalancerPreparationPlan plan,
            ProjectConfiguration config,
            IReadOnlyList<(Listener Listener, IReadOnlyList<Rule> Rules)> listeners,
            IReadOnlyList<Listener> forwarding,
            IReadOnlyList<(Listener Listener, Rule Rule, IReadOnlyDictionary<string, int> Weights)> previews,
            Func<string, string> nameOf,
            IOperationReporter reporter)
        {
            string liveArn = plan.Live.TargetGroupArn!;
            foreach (var preview in previews)
            {
                string? elsewhere = preview.Weights.Keys.FirstOrDefault(arn => arn != liveArn && arn != plan.IdleArn);
                if (elsewhere != null)
                {
                    throw new BlueGreenException(
                        "PreviewRuleForwardsElsewhere",
                        FailureCategory.InvalidData,
                        $"The preview rule {ForwardingRoute.Describe(preview.Listener)} rule {preview.Rule.Priority} (header {ForwardingRoute.PreviewHeaderName}) forwards to {nameOf(elsewhere)}, which is neither {plan.LiveName} nor {plan.IdleName}. " +
                        "Point it at one of the project's groups or delete it (aws elbv2 delete-rule), then run again.",
                        preview.Rule.RuleArn);
                }
            }

            foreach ((Listener listener, IReadOnlyList<Rule> rules) in listeners.Where(l => forwarding.Contains(l.Listener)))
            {
                string listenerName = ForwardingRoute.Describe(listener);
                var existing = previews.Where(p => p.Listener == listener).ToList();
                if (existing.Count > 0)
                {
                    foreach (var preview in existing)
                    {
                        string ruleName = $"{listenerName} rule {preview.Rule.Priority}";
                        bool atIdle = plan.IdleArn != null && preview.Weights.TryGetValue(plan.IdleArn, out int w) && w == 100;
                        plan.ItemList.Add(atIdle
                            ? new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.PreviewRule, ruleName, LoadBalancerPreparationStatus.Unchanged,
                                $"Header {ForwardingRoute.PreviewHeaderName} → {plan.IdleName} (idle).") { Arn = preview.Rule.RuleArn }
                            : new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.PreviewRule, ruleName, LoadBalancerPreparationStatus.Planned,
                                $"Forward to {plan.IdleName} (idle) instead of {string.Join(", ", preview.Weights.Where(x => x.Value > 0).Select(x => nameOf(x.Key)))}.")
                            {
                                Arn = preview.Rule.RuleArn,
                                ExistingRule = preview.Rule,
                                NeedsIdleGroup = true,
                                ApprovalTarget = $"{ruleName} ({preview.Rule.RuleArn})",
                                ApprovalAction = $"Forward the preview rule to {plan.IdleName} (the idle group)",
                            });
                    }

                    continue;
                }

                List<Rule> custom = rules.Where(r => !r.IsDefault).ToList();
                if (custom.Count >= LoadBalancerPreparation.MaxRulesPerListener)
                {
                    throw new BlueGreenException(
                        "RuleLimitReached",
                        FailureCategory.LimitsExceeded,
                        $"Listener {listenerName} of load balancer {plan.LoadBalancerName} already has {custom.Count} rules, ELBv2's limit ({LoadBalancerPreparation.MaxRulesPerListener} besides the default), so the preview rule cannot be added. " +
                        "Delete a rule it no longer needs (aws elbv2 delete-rule), then run again.",
                        listener.ListenerArn);
                }

                int priority = ChoosePriority(custom, out string? warning, out bool hidden);
                string name = $"{listenerName} rule {priority}";
                if (warning != null && (hidden || config.Maintenance.Mode == MaintenanceModeKind.LoadBalancer))
                {
                    reporter.Warning($"The preview rule {name}: {warning}");
                }

                plan.ItemList.Add(new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.PreviewRule, name, LoadBalancerPreparationStatus.Planned,
                    $"Header {ForwardingRoute.PreviewHeaderName}: {LoadBalancerPreparation.PreviewHeaderValue} → {plan.IdleName} (idle).")
                {
                    Listener = listener,
                    Priority = priority,
                    NeedsIdleGroup = true,
                    ApprovalTarget = $"{name} ({listener.ListenerArn})",
                    ApprovalAction = $"Create the preview rule: header {ForwardingRoute.PreviewHeaderName}: {LoadBalancerPreparation.PreviewHeaderValue}, forward to {plan.IdleName} (the idle group)",
                });
            }
        }

        /// <summary>
        /// The preview rule leads the listener (ALB evaluates the lowest number first), with the number after it free for
        /// LoadBalancer maintenance, which goes right after the preview rules: 1 when the first rule is 3 or more.
        /// </summary>
        /// <param name="warning">Why the number chosen is not ideal, or null.</param>
        /// <param name="hidden">True when rules with lower numbers come first, so they answer what they match before the preview rule.</param>
        internal static int ChoosePriority(IReadOnlyList<Rule> rules, out string? warning, out bool hidden)
        {
            var used = new SortedSet<int>(rules.Select(r => int.TryParse(r.Priority, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : 0).Where(p => p > 0));
            int first = used.Count == 0 ? int.MaxValue : used.Min;
            warning = null;
            hidden = false;
            if (first >= 3)
            {
                return 1;
            }

            if (first == 2)
            {
                warning = "priority 2 is taken, so LoadBalancer maintenance (Maintenance.Mode 'LoadBalancer') has no free number right after the preview rule; renumber the rules (aws elbv2 set-rule-priorities) to leave 2 free.";
                return 1;
            }

            int free = Enumerable.Range(1, 50000).First(p => !used.Contains(p));
            hidden = true;
            warning = $"it gets priority {free}, after rule(s) {string.Join(", ", used.Where(p => p < free))}, which answer the requests they match before it does; renumber them (aws elbv2 set-rule-priorities) so that priority 1 is free, then move the preview rule there.";
            return free;
        }
    }
}
