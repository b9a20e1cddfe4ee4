using System.Globalization;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Traffic;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Maintenance
{
    /// <summary>
    /// Maintenance held by the load balancer: on every listener that forwards to the project's target groups, a rule
    /// matching every request (path /*) that answers with the configured fixed response (Maintenance.StatusCode,
    /// ContentType, Body). It is placed by <see cref="MaintenanceRulePriority"/>: after the preview rules, before
    /// every other rule. Listeners that only redirect or answer fixed responses are left alone, as a switch leaves
    /// them. Each rule is created with the tag bluegreen:maintenance=&lt;project&gt; (in the CreateRule call itself,
    /// so no rule ever exists untagged), which is how <see cref="DisableAsync"/> finds them, also after a crash.
    /// </summary>
    public sealed class LoadBalancerMaintenanceMode : IMaintenanceMode
    {
        /// <summary>The tag that marks a rule as BlueGreen's maintenance rule; its value is the project.</summary>
        public const string TagKey = "bluegreen:maintenance";

        private readonly IElasticLoadBalancingV2 _elb;
        private readonly ProjectConfiguration _config;
        private readonly IOperationReporter _reporter;
        private readonly Func<CancellationToken, Task<TrafficState>> _readTraffic;

        /// <param name="readTraffic">Reads where traffic goes (default: a TrafficStateReader on <paramref name="elb"/>); a
        /// deployment passes its own, which reads a switch of its own cut off between listeners.</param>
        public LoadBalancerMaintenanceMode(IElasticLoadBalancingV2 elb, ProjectConfiguration config, IOperationReporter reporter,
            Func<CancellationToken, Task<TrafficState>>? readTraffic = null)
        {
            _readTraffic = readTraffic ?? (token => new TrafficStateReader(elb, reporter).ReadAsync(config, token));
            _elb = elb ?? throw new ArgumentNullException(nameof(elb));
            _config = config ?? throw new ArgumentNullException(nameof(config));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        public MaintenanceModeKind Mode => MaintenanceModeKind.LoadBalancer;

        public async Task<MaintenanceReport> EnableAsync(CancellationToken cancellationToken)
        {
            TrafficState traffic = await _readTraffic(cancellationToken).ConfigureAwait(false);
            var listeners = traffic.Routes
                .GroupBy(r => r.ListenerArn, StringComparer.Ordinal)
                .Select(g => (Arn: g.Key, Name: g.First().Listener))
                .ToList();

            // Plan every listener before changing any: a listener without room fails the whole call untouched.
            var plans = new List<(string Arn, string Name, int? Priority, Rule? Existing)>();
            var warnings = new List<string>();
            var full = new List<string>();
            foreach ((string arn, string name) in listeners)
            {
                IReadOnlyList<Rule> rules = await _elb.DescribeRulesAsync(arn, cancellationToken).ConfigureAwait(false);
                ISet<string> ours = await OwnRuleArnsAsync(rules, cancellationToken).ConfigureAwait(false);
                Rule? existing = rules.FirstOrDefault(r => r.RuleArn != null && ours.Contains(r.RuleArn));
                if (existing != null)
                {
                    _reporter.Verbose($"{name} already has the maintenance rule {existing.RuleArn} (priority {existing.Priority}); keeping it.");
                    plans.Add((arn, name, PriorityOf(existing), existing));
                    continue;
                }

                MaintenanceRulePriority placement = MaintenanceRulePriority.Choose(rules
                    .Where(r => !r.IsDefault && PriorityOf(r) != null)
                    .Select(r => (PriorityOf(r)!.Value, ForwardingRoute.IsPreviewRule(r))));
                if (placement.Priority == null)
                {
                    full.Add($"{name} (preview rules up to priority {placement.LeadingPreviewsEnd}, next rule at {placement.FirstOtherRule})");
                    continue;
                }

                if (placement.ShadowedPreviews.Count > 0)
                {
                    warnings.Add($"{name}: the preview rule(s) at priority {string.Join(", ", placement.ShadowedPreviews)} come after other rules, so the maintenance rule (priority {placement.Priority}) hides them; " +
                        "give preview rules the lowest priorities so previews keep working during maintenance.");
                }

                plans.Add((arn, name, placement.Priority, null));
            }

            if (full.Count > 0)
            {
                throw new BlueGreenException(
                    "MaintenanceNoFreePriority",
                    FailureCategory.LimitsExceeded,
                    $"No listener was changed: there is no free rule priority for the maintenance rule before the first rule that serves users on {string.Join("; ", full)}. " +
                    "Renumber the rules so a priority is free right after the preview rules (aws elbv2 set-rule-priorities), then run again.",
                    full);
            }

            foreach (string warning in warnings)
            {
                _reporter.Warning(warning);
            }

            var changes = new List<MaintenanceChange>();
            var created = new List<(Rule Rule, string Name, int Priority)>();
            try
            {
                foreach (var plan in plans)
                {
                    if (plan.Existing != null)
                    {
                        changes.Add(new MaintenanceChange(plan.Existing.RuleArn!, $"{plan.Name} rule {plan.Existing.Priority}", MaintenanceOutcome.AlreadyInPlace, plan.Priority));
                        continue;
                    }

                    _reporter.Verbose($"Creating the maintenance rule on {plan.Name} at priority {plan.Priority} ({_config.Maintenance.StatusCode} {_config.Maintenance.ContentType}).");
                    Rule rule = await _elb.CreateRuleAsync(NewRule(plan.Arn, plan.Priority!.Value), cancellationToken).ConfigureAwait(false);
                    created.Add((rule, plan.Name, plan.Priority.Value));
                    changes.Add(new MaintenanceChange(rule.RuleArn!, $"{plan.Name} rule {plan.Priority}", MaintenanceOutcome.Changed, plan.Priority));
                }
            }
            catch (Exception ex)
            {
                var failed = plans.First(p => p.Existing == null && !created.Any(c => c.Name == p.Name));
                var undone = await UndoAsync(created).ConfigureAwait(false);
                var report = new MaintenanceReport(Mode, true,
                    undone.Concat(changes.Where(c => c.Outcome == MaintenanceOutcome.AlreadyInPlace))
                        .Append(new MaintenanceChange(failed.Arn, failed.Name, MaintenanceOutcome.Failed, failed.Priority, ex.Message)).ToList(),
                    warnings);
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                string undoText = undone.Count == 0 ? "No rule had been created yet."
                    : undone.All(c => c.Outcome == MaintenanceOutcome.Undone) ? $"The {undone.Count} rule(s) already created were deleted again."
                    : "Deleting the rules already created failed for " + string.Join(", ", undone.Where(c => c.IsFailure).Select(c => c.Target)) + ": run the maintenance disable again to remove them.";
                throw new MaintenanceFailedException(
                    "MaintenanceEnableFailed",
                    $"Could not create the maintenance rule on {failed.Name}: {ex.Message} {undoText}",
                    report,
                    ex);
            }

            _reporter.Verbose($"Maintenance is on at the load balancer {traffic.LoadBalancerName}: {changes.Count} listener(s).");
            return new MaintenanceReport(Mode, true, changes, warnings);
        }

        public async Task<MaintenanceReport> DisableAsync(CancellationToken cancellationToken)
        {
            LoadBalancer loadBalancer = await new TrafficStateReader(_elb, _reporter).ResolveLoadBalancerAsync(_config.LoadBalancer, cancellationToken).ConfigureAwait(false);
            var changes = new List<MaintenanceChange>();

            // Every listener, not only those forwarding now: a crashed run may have left a rule anywhere.
            foreach (Listener listener in await _elb.DescribeListenersAsync(loadBalancer.LoadBalancerArn!, cancellationToken).ConfigureAwait(false))
            {
                string name = ForwardingRoute.Describe(listener);
                IReadOnlyList<Rule> rules;
                ISet<string> ours;
                try
                {
                    rules = await _elb.DescribeRulesAsync(listener.ListenerArn!, cancellationToken).ConfigureAwait(false);
                    ours = await OwnRuleArnsAsync(rules, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    changes.Add(new MaintenanceChange(listener.ListenerArn!, name, MaintenanceOutcome.Failed, null, "Could not read its rules: " + ex.Message));
                    continue;
                }

                foreach (Rule rule in rules.Where(r => r.RuleArn != null && ours.Contains(r.RuleArn)))
                {
                    changes.Add(await DeleteAsync(rule.RuleArn!, $"{name} rule {rule.Priority}", PriorityOf(rule), MaintenanceOutcome.Changed, MaintenanceOutcome.Failed, cancellationToken).ConfigureAwait(false));
                }
            }

            var report = new MaintenanceReport(Mode, false, changes, Array.Empty<string>());
            if (!report.Succeeded)
            {
                throw new MaintenanceFailedException(
                    "MaintenanceDisableFailed",
                    $"Maintenance may still be on at the load balancer {loadBalancer.LoadBalancerName}: {string.Join("; ", report.Failures)}. " +
                    $"Run the disable again, or delete the rules tagged {TagKey}={_config.Project} (aws elbv2 delete-rule).",
                    report);
            }

            _reporter.Verbose(changes.Count == 0
                ? $"No maintenance rule of {_config.Project} on the load balancer {loadBalancer.LoadBalancerName}."
                : $"Maintenance is off at the load balancer {loadBalancer.LoadBalancerName}: {changes.Count} rule(s) deleted.");
            return report;
        }

        private CreateRuleRequest NewRule(string listenerArn, int priority) => new CreateRuleRequest
        {
            ListenerArn = listenerArn,
            Priority = priority,
            Conditions = { new RuleCondition { Field = ConditionFieldName.PathPattern, PathPatternConfig = new PathPatternConditionConfig { Values = { "/*" } } } },
            Actions =
            {
                new ElbAction
                {
                    Type = ActionTypeEnum.FixedResponse,
                    FixedResponseConfig = new FixedResponseActionConfig
                    {
                        StatusCode = _config.Maintenance.StatusCode.ToString(CultureInfo.InvariantCulture),
                        ContentType = _config.Maintenance.ContentType,
                        MessageBody = _config.Maintenance.Body,
                    },
                },
            },
            Tags = { new Tag { Key = TagKey, Value = _config.Project } },
        };

        /// <summary>The rules of <paramref name="rules"/> tagged bluegreen:maintenance=&lt;project&gt;.</summary>
        private async Task<ISet<string>> OwnRuleArnsAsync(IReadOnlyList<Rule> rules, CancellationToken cancellationToken)
        {
            var arns = rules.Where(r => !r.IsDefault && r.RuleArn != null).Select(r => r.RuleArn!).ToList();
            var ours = new HashSet<string>(StringComparer.Ordinal);
            if (arns.Count == 0)
            {
                return ours;
            }

            foreach (TagDescription description in await _elb.DescribeTagsAsync(arns, cancellationToken).ConfigureAwait(false))
            {
                if (description.ResourceArn != null && description.Tags.Any(t => t.Key == TagKey && t.Value == _config.Project))
                {
                    ours.Add(description.ResourceArn);
                }
            }

            return ours;
        }

        /// <summary>Deletes the rules a failed enable created. Runs to the end even when the enable was cancelled.</summary>
        private async Task<List<MaintenanceChange>> UndoAsync(List<(Rule Rule, string Name, int Priority)> created)
        {
            var undone = new List<MaintenanceChange>();
            foreach ((Rule rule, string name, int priority) in created)
            {
                undone.Add(await DeleteAsync(rule.RuleArn!, $"{name} rule {priority}", priority, MaintenanceOutcome.Undone, MaintenanceOutcome.UndoFailed, CancellationToken.None).ConfigureAwait(false));
            }

            return undone;
        }

        private async Task<MaintenanceChange> DeleteAsync(string ruleArn, string where, int? priority, MaintenanceOutcome done, MaintenanceOutcome failed, CancellationToken cancellationToken)
        {
            try
            {
                _reporter.Verbose($"Deleting the maintenance rule {where} ({ruleArn}).");
                await _elb.DeleteRuleAsync(ruleArn, cancellationToken).ConfigureAwait(false);
                return new MaintenanceChange(ruleArn, where, done, priority);
            }
            catch (BlueGreenException ex) when (ex.ErrorId == "AwsRuleNotFound")
            {
                return new MaintenanceChange(ruleArn, where, done == MaintenanceOutcome.Changed ? MaintenanceOutcome.AlreadyInPlace : done, priority);
            }
            catch (Exception ex)
            {
                return new MaintenanceChange(ruleArn, where, failed, priority, ex.Message);
            }
        }

        private static int? PriorityOf(Rule rule) =>
            int.TryParse(rule.Priority, NumberStyles.None, CultureInfo.InvariantCulture, out int priority) ? priority : (int?)null;
    }
}
