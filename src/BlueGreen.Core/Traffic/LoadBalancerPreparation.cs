using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Takes a load balancer as the seed's scripts leave it (one target group serving, its listeners forwarding there)
    /// to what BlueGreen needs: a second group copied from the first (protocol, port, VPC, target type, health check,
    /// the attributes that matter), the project's tags on both (bluegreen:project, bluegreen:color; the serving one is
    /// live) and a preview rule (header X-BlueGreen-Preview, forwarding to the idle group) on each forwarding listener.
    /// <see cref="PlanAsync"/> reads and checks everything and refuses, naming the reason, before anything is written;
    /// <see cref="ApplyAsync"/> asks approval for every change first, then makes them. Running it again changes nothing.
    /// </summary>
    public sealed class LoadBalancerPreparation(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
    {
        /// <summary>The value the preview rule's header condition matches (what the smoke check sends).</summary>
        public const string PreviewHeaderValue = "1";

        /// <summary>ELBv2's limit of rules per listener, the default rule not counted.</summary>
        public const int MaxRulesPerListener = 100;


        private const int ProgressActivity = 3103;

        private readonly IElasticLoadBalancingV2 _elb = elb ?? throw new ArgumentNullException(nameof(elb));
        private readonly IOperationReporter _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));

        /// <summary>Reads the load balancer, its listeners and rules and every target group, checks them, and plans.</summary>
        public async Task<LoadBalancerPreparationPlan> PlanAsync(ProjectConfiguration config, CancellationToken cancellationToken)
        {
            LoadBalancer loadBalancer = await new TrafficStateReader(_elb, _reporter).ResolveLoadBalancerAsync(config.LoadBalancer, cancellationToken).ConfigureAwait(false);
            string lbArn = loadBalancer.LoadBalancerArn!;
            string lbName = loadBalancer.LoadBalancerName ?? lbArn;
            if (loadBalancer.Type != null && !string.Equals(loadBalancer.Type, "application", StringComparison.OrdinalIgnoreCase))
            {
                throw new BlueGreenException(
                    "NotApplicationLoadBalancer",
                    FailureCategory.InvalidOperation,
                    $"Load balancer {lbName} is a {loadBalancer.Type} load balancer; BlueGreen needs an Application Load Balancer (listener rules on HTTP headers are what the preview route is made of). Check LoadBalancer in bluegreen.psd1 (or -LoadBalancer).",
                    lbName);
            }

            _reporter.Verbose($"Reading listeners and rules of load balancer {lbName}.");
            var listeners = new List<(Listener Listener, IReadOnlyList<Rule> Rules)>();
            foreach (Listener listener in await _elb.DescribeListenersAsync(lbArn, cancellationToken).ConfigureAwait(false))
            {
                listeners.Add((listener, await _elb.DescribeRulesAsync(listener.ListenerArn!, cancellationToken).ConfigureAwait(false)));
            }

            // Every place that forwards the site's traffic (preview rules apart) and the groups it names.
            var routes = new List<(Listener Listener, string Name, IReadOnlyDictionary<string, int> Weights)>();
            var previews = new List<(Listener Listener, Rule Rule, IReadOnlyDictionary<string, int> Weights)>();
            foreach ((Listener listener, IReadOnlyList<Rule> rules) in listeners)
            {
                ElbAction? defaultForward = listener.DefaultActions.FirstOrDefault(a => a.Type == ActionTypeEnum.Forward);
                if (defaultForward != null)
                {
                    routes.Add((listener, ForwardingRoute.Describe(listener) + " default", TrafficStateReader.WeightsOf(defaultForward)));
                }

                foreach (Rule rule in rules.Where(r => !r.IsDefault))
                {
                    ElbAction? forward = rule.Actions.FirstOrDefault(a => a.Type == ActionTypeEnum.Forward);
                    if (forward == null)
                    {
                        continue;
                    }

                    if (ForwardingRoute.IsPreviewRule(rule))
                    {
                        previews.Add((listener, rule, TrafficStateReader.WeightsOf(forward)));
                    }
                    else
                    {
                        routes.Add((listener, $"{ForwardingRoute.Describe(listener)} rule {rule.Priority}", TrafficStateReader.WeightsOf(forward)));
                    }
                }
            }

            if (routes.Count == 0)
            {
                throw new BlueGreenException(
                    "NoForwardingListener",
                    FailureCategory.ObjectNotFound,
                    $"Load balancer {lbName} has no listener that forwards to a target group ({(listeners.Count == 0 ? "it has no listener at all" : "its listeners only redirect or answer fixed responses")}), so there is no serving group to start from. " +
                    "Create a listener forwarding to the group that serves the site (aws elbv2 create-listener ... --default-actions Type=forward,TargetGroupArn=<group>), then run again.",
                    lbName);
            }

            _reporter.Verbose("Reading every target group and its tags.");
            IReadOnlyList<TargetGroup> allGroups = await _elb.DescribeTargetGroupsAsync(null, null, null, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<TagDescription> tagDescriptions = allGroups.Count == 0
                ? Array.Empty<TagDescription>()
                : await _elb.DescribeTagsAsync(allGroups.Select(g => g.TargetGroupArn!), cancellationToken).ConfigureAwait(false);
            var tags = new TargetGroupTags(tagDescriptions);
            var groups = allGroups.Where(g => g.TargetGroupArn != null).GroupBy(g => g.TargetGroupArn!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var pairing = new TargetGroupPairing(config, loadBalancer, groups, tags, _reporter);

            LoadBalancerPreparationPlan plan = pairing.Pair(routes.Select(r => (r.Name, r.Weights)).ToList());
            await new TargetGroupCopyPlanner(_elb).PlanAsync(plan, tags, cancellationToken).ConfigureAwait(false);
            PreviewRulePlanner.Plan(plan, config, listeners, routes.Select(r => r.Listener).ToList(), previews, pairing.NameOf, _reporter);
            return plan;
        }

        /// <summary>
        /// Asks approval for every planned change (all before the first write), then makes the approved ones in order:
        /// the group (with its tags), its attributes, the live group's tags, the preview rules.
        /// </summary>
        /// <returns>Every item of the plan with its outcome.</returns>
        public async Task<IReadOnlyList<LoadBalancerPreparationItem>> ApplyAsync(LoadBalancerPreparationPlan plan, IChangeApproval approval, CancellationToken cancellationToken)
        {
            List<LoadBalancerPreparationItem> planned = plan.ItemList.Where(i => i.Status == LoadBalancerPreparationStatus.Planned).ToList();
            if (planned.Count == 0)
            {
                _reporter.Verbose($"Load balancer {plan.LoadBalancerName} already has both groups tagged and a preview rule on every forwarding listener; nothing to change.");
                return plan.Items;
            }

            LoadBalancerPreparationItem? creation = planned.FirstOrDefault(i => i.Kind == LoadBalancerPreparationItemKind.TargetGroup);
            var approved = new HashSet<LoadBalancerPreparationItem>();
            foreach (LoadBalancerPreparationItem item in planned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool yes = item.WithCreation ? creation != null && approved.Contains(creation) : approval.Approve(item.ApprovalTarget, item.ApprovalAction);
                if (yes)
                {
                    approved.Add(item);
                }
                else
                {
                    item.Status = LoadBalancerPreparationStatus.Skipped;
                }
            }

            var done = new List<string>();
            int index = 0;
            try
            {
                foreach (LoadBalancerPreparationItem item in planned.Where(approved.Contains))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _reporter.Progress(new ProgressUpdate(ProgressActivity, $"Preparing load balancer {plan.LoadBalancerName}", $"{item.Kind} {item.Name}", 100 * index++ / planned.Count));
                    if (item.NeedsIdleGroup && plan.IdleArn == null)
                    {
                        item.Status = LoadBalancerPreparationStatus.Skipped;
                        item.Detail = $"Not done: the target group {plan.IdleName} was not created. " + item.Detail;
                        continue;
                    }

                    // A call once sent is let finish (a create cut off by Ctrl+C may still land); Ctrl+C is honoured between items.
                    using (var callTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
                    {
                        await ApplyItemAsync(plan, item, callTimeout.Token).ConfigureAwait(false);
                    }

                    if (item.Status != LoadBalancerPreparationStatus.Unchanged)
                    {
                        done.Add($"{item.Kind} {item.Name} {item.Status.ToString().ToLowerInvariant()}");
                    }
                }
            }
            catch (Exception failure) when (!(failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw new BlueGreenException(
                    "PreparationFailed",
                    failure is BlueGreenException bg ? bg.Category : FailureCategory.NotSpecified,
                    $"Preparing load balancer {plan.LoadBalancerName} failed: {failure.Message} Done before the failure: {(done.Count == 0 ? "nothing" : string.Join("; ", done))}. " +
                    "Fix the cause and run Initialize-BgLoadBalancer again: it finds what was done and makes only the rest.",
                    plan.LoadBalancerName,
                    failure);
            }
            finally
            {
                _reporter.Complete(ProgressActivity);
            }

            return plan.Items;
        }

        private async Task ApplyItemAsync(LoadBalancerPreparationPlan plan, LoadBalancerPreparationItem item, CancellationToken callToken)
        {
            switch (item.Kind)
            {
                case LoadBalancerPreparationItemKind.TargetGroup:
                    _reporter.Verbose($"CreateTargetGroup {plan.IdleName}: a copy of {plan.LiveName}.");
                    TargetGroup created = await _elb.CreateTargetGroupAsync(plan.Create!, callToken).ConfigureAwait(false);
                    plan.IdleArn = created.TargetGroupArn;
                    item.Arn = created.TargetGroupArn;
                    item.Status = LoadBalancerPreparationStatus.Created;
                    break;

                case LoadBalancerPreparationItemKind.Attributes:
                    IReadOnlyList<TargetGroupAttribute> current = await _elb.DescribeTargetGroupAttributesAsync(plan.IdleArn!, callToken).ConfigureAwait(false);
                    List<TargetGroupAttribute> differing = TargetGroupCopyPlanner.Differing(item.AttributesToCopy, current);
                    item.Arn = plan.IdleArn;
                    if (differing.Count == 0)
                    {
                        item.Status = LoadBalancerPreparationStatus.Unchanged;
                        item.Detail = $"Already as on {plan.LiveName}: {TargetGroupCopyPlanner.Describe(item.AttributesToCopy)}.";
                        break;
                    }

                    _reporter.Verbose($"ModifyTargetGroupAttributes {plan.IdleName}: {TargetGroupCopyPlanner.Describe(differing)}.");
                    await _elb.ModifyTargetGroupAttributesAsync(plan.IdleArn!, differing, callToken).ConfigureAwait(false);
                    item.Status = LoadBalancerPreparationStatus.Modified;
                    item.Detail = $"Copied from {plan.LiveName}: {TargetGroupCopyPlanner.Describe(differing)}.";
                    break;

                case LoadBalancerPreparationItemKind.Tags when item.WithCreation:
                    item.Arn = plan.IdleArn;
                    item.Status = LoadBalancerPreparationStatus.Tagged;
                    break;

                case LoadBalancerPreparationItemKind.Tags:
                    _reporter.Verbose($"AddTags {item.Name}: {TargetGroupTags.Describe(item.TagsToAdd)}.");
                    await _elb.AddTagsAsync(new[] { item.Arn! }, item.TagsToAdd, callToken).ConfigureAwait(false);
                    item.Status = LoadBalancerPreparationStatus.Tagged;
                    break;

                case LoadBalancerPreparationItemKind.PreviewRule when item.ExistingRule != null:
                    _reporter.Verbose($"ModifyRule {item.ExistingRule.RuleArn}: forward to {plan.IdleName}.");
                    List<ElbAction> actions = item.ExistingRule.Actions.Select(a => a.Type == ActionTypeEnum.Forward ? ForwardTo(plan.IdleArn!, a.Order) : a).ToList();
                    await _elb.ModifyRuleAsync(item.ExistingRule.RuleArn!, actions, callToken).ConfigureAwait(false);
                    item.Status = LoadBalancerPreparationStatus.Modified;
                    break;

                case LoadBalancerPreparationItemKind.PreviewRule:
                    _reporter.Verbose($"CreateRule on {ForwardingRoute.Describe(item.Listener!)} priority {item.Priority}: header {ForwardingRoute.PreviewHeaderName}={PreviewHeaderValue} → {plan.IdleName}.");
                    Rule rule = await _elb.CreateRuleAsync(new CreateRuleRequest
                    {
                        ListenerArn = item.Listener!.ListenerArn,
                        Priority = item.Priority,
                        Conditions =
                        {
                            new RuleCondition
                            {
                                Field = "http-header",
                                HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = ForwardingRoute.PreviewHeaderName, Values = { PreviewHeaderValue } },
                            },
                        },
                        Actions = { ForwardTo(plan.IdleArn!, null) },
                        Tags = { new Tag { Key = ProjectConfiguration.ProjectTagKey, Value = plan.Project } },
                    }, callToken).ConfigureAwait(false);
                    item.Arn = rule.RuleArn;
                    item.Status = LoadBalancerPreparationStatus.Created;
                    break;
            }
        }

        private static ElbAction ForwardTo(string arn, int? order) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = arn, Order = order };
    }
}
