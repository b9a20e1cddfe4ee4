using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
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
    public sealed class LoadBalancerPreparation
    {
        /// <summary>The value the preview rule's header condition matches (what the smoke check sends).</summary>
        public const string PreviewHeaderValue = "1";

        /// <summary>ELBv2's limit of rules per listener, the default rule not counted.</summary>
        public const int MaxRulesPerListener = 100;

        /// <summary>The attributes copied to the second group (those ELBv2 reports for the live one).</summary>
        internal static readonly string[] CopiedAttributes =
        {
            "deregistration_delay.timeout_seconds",
            "stickiness.enabled",
            "stickiness.type",
            "stickiness.lb_cookie.duration_seconds",
            "stickiness.app_cookie.cookie_name",
            "stickiness.app_cookie.duration_seconds",
            "slow_start.duration_seconds",
            "load_balancing.algorithm.type",
        };

        private const int ProgressActivity = 3103;
        private const int MaxTargetGroupName = 32;
        private static readonly Regex ValidTargetGroupName = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);

        private readonly IElasticLoadBalancingV2 _elb;
        private readonly IOperationReporter _reporter;

        public LoadBalancerPreparation(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
        {
            _elb = elb ?? throw new ArgumentNullException(nameof(elb));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
        }

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
            var tags = tagDescriptions.Where(d => d.ResourceArn != null).GroupBy(d => d.ResourceArn!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Tag>)g.SelectMany(d => d.Tags).ToList(), StringComparer.Ordinal);
            var groups = allGroups.Where(g => g.TargetGroupArn != null).GroupBy(g => g.TargetGroupArn!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            string NameOf(string arn) => groups.TryGetValue(arn, out TargetGroup? g) ? g.TargetGroupName ?? arn : arn;
            string? ProjectOf(string arn) => TagValue(tags, arn, ProjectConfiguration.ProjectTagKey);

            // A forwarded group tagged with another project is never taken over.
            foreach (var route in routes)
            {
                string? foreign = route.Weights.Keys.FirstOrDefault(arn => ProjectOf(arn) is string p && p != config.Project);
                if (foreign != null)
                {
                    throw new BlueGreenException(
                        "OtherProjectTargetGroup",
                        FailureCategory.InvalidData,
                        $"{route.Name} of load balancer {lbName} forwards to {NameOf(foreign)}, which is tagged {ProjectConfiguration.ProjectTagKey}={ProjectOf(foreign)}, not {config.Project}. " +
                        "BlueGreen will not take over another project's group: check Project and LoadBalancer in bluegreen.psd1, or point that listener at this project's group.",
                        foreign);
                }
            }

            var serving = new HashSet<string>(routes.SelectMany(r => r.Weights.Where(w => w.Value > 0).Select(w => w.Key)), StringComparer.Ordinal);
            if (serving.Count == 0)
            {
                throw new BlueGreenException(
                    "NoForwardingListener",
                    FailureCategory.ObjectNotFound,
                    $"The forward actions of load balancer {lbName} give every target group a weight of 0, so no group serves the site. Give the serving group a weight, then run again.",
                    lbName);
            }

            List<string> projectGroups = groups.Keys.Where(arn => ProjectOf(arn) == config.Project).OrderBy(NameOf, StringComparer.Ordinal).ToList();
            string liveArn;
            TargetGroup? idle = null;
            string? idleName = null;
            if (config.TargetGroups.Count == 2)
            {
                (liveArn, idle, idleName) = ResolveConfigured(config, lbName, routes.Select(r => (r.Name, r.Weights)).ToList(), serving, groups, NameOf);
            }
            else
            {
                if (projectGroups.Count > 2)
                {
                    throw new BlueGreenException(
                        "AmbiguousTargetGroups",
                        FailureCategory.InvalidData,
                        $"{projectGroups.Count} target groups are tagged {ProjectConfiguration.ProjectTagKey}={config.Project} ({string.Join(", ", projectGroups.Select(NameOf))}); a blue-green project has exactly two. " +
                        "Remove the tag from the extra groups (aws elbv2 remove-tags), or list the two as TargetGroups in bluegreen.psd1 (or -TargetGroupName), then run again.",
                        config.Project);
                }

                if (serving.Count > 1)
                {
                    bool ours = serving.All(projectGroups.Contains);
                    throw new BlueGreenException(
                        ours ? "TrafficSplit" : "AmbiguousServingGroup",
                        ours ? FailureCategory.InvalidOperation : FailureCategory.InvalidData,
                        ours
                            ? $"Load balancer {lbName} sends traffic to both of the project's groups ({string.Join(", ", serving.Select(NameOf))}): a switch is under way. Finish it (Switch-BgTargetGroup, or Resume-BgDeployment) or send everything back (Switch-BgTargetGroup -Weight 0), then run again."
                            : $"The listeners of load balancer {lbName} forward to {serving.Count} groups ({string.Join("; ", routes.Select(r => r.Name + " → " + string.Join(", ", r.Weights.Where(w => w.Value > 0).Select(w => NameOf(w.Key)))))}), so which one serves the site is not clear. " +
                              "Point every forwarding listener and rule at the group that serves the site, or name the project's two groups as TargetGroups in bluegreen.psd1 (or -TargetGroupName), then run again.",
                        lbName);
                }

                liveArn = serving.Single();
                List<string> others = projectGroups.Where(arn => arn != liveArn).ToList();
                if (projectGroups.Count == 2 && others.Count == 2)
                {
                    throw new BlueGreenException(
                        "AmbiguousTargetGroups",
                        FailureCategory.InvalidData,
                        $"The project's two tagged groups are {string.Join(" and ", projectGroups.Select(NameOf))}, but load balancer {lbName} forwards to {NameOf(liveArn)}. " +
                        "Point the listeners at one of the project's groups, or fix the tags (aws elbv2 remove-tags / add-tags), then run again.",
                        liveArn);
                }

                if (others.Count == 1)
                {
                    idle = groups[others[0]];
                    idleName = idle.TargetGroupName ?? others[0];
                }
            }

            TargetGroup live = groups.TryGetValue(liveArn, out TargetGroup? found) ? found : throw new BlueGreenException(
                "TargetGroupNotFound",
                FailureCategory.ObjectNotFound,
                $"Load balancer {lbName} forwards to {liveArn}, which DescribeTargetGroups does not list. Check the account and region (-Region, -ProfileName), then run again.",
                liveArn);

            // Colors: a tag wins, then the name; the second group gets the other one.
            string? liveColor = TagValue(tags, liveArn, ProjectConfiguration.ColorTagKey)?.ToLowerInvariant() ?? ColorInName(live.TargetGroupName);
            string? idleColor = idle == null ? null : TagValue(tags, idle.TargetGroupArn!, ProjectConfiguration.ColorTagKey)?.ToLowerInvariant() ?? ColorInName(idle.TargetGroupName);
            liveColor ??= idleColor == null ? "blue" : Opposite(idleColor);
            if (idleColor == null || idleColor == liveColor)
            {
                if (idle != null && TagValue(tags, idle.TargetGroupArn!, ProjectConfiguration.ColorTagKey) != null && TagValue(tags, liveArn, ProjectConfiguration.ColorTagKey) != null)
                {
                    throw new BlueGreenException(
                        "ColorConflict",
                        FailureCategory.InvalidData,
                        $"Both {live.TargetGroupName} and {idle.TargetGroupName} are tagged {ProjectConfiguration.ColorTagKey}={liveColor}. Tag one of them blue and the other green (aws elbv2 add-tags), then run again.",
                        idle.TargetGroupArn);
                }

                idleColor = Opposite(liveColor);
            }

            if (idle == null)
            {
                idleName ??= DeriveName(config.Project, live.TargetGroupName ?? string.Empty, liveColor, idleColor);
                idle = FindByName(config, idleName, groups, tags);
            }

            if (idle != null)
            {
                CheckUsable(config, idle, live, loadBalancer, tags);
            }

            var plan = new LoadBalancerPreparationPlan(lbName, lbArn, config.Project, live, liveColor, idle?.TargetGroupName ?? idleName!, idleColor, idle) { IdleArn = idle?.TargetGroupArn };
            await PlanGroupAsync(plan, tags, cancellationToken).ConfigureAwait(false);
            PlanPreviewRules(plan, config, listeners, routes.Select(r => r.Listener).ToList(), previews, NameOf);
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
                    List<TargetGroupAttribute> differing = Differing(item.AttributesToCopy, current);
                    item.Arn = plan.IdleArn;
                    if (differing.Count == 0)
                    {
                        item.Status = LoadBalancerPreparationStatus.Unchanged;
                        item.Detail = $"Already as on {plan.LiveName}: {Describe(item.AttributesToCopy)}.";
                        break;
                    }

                    _reporter.Verbose($"ModifyTargetGroupAttributes {plan.IdleName}: {Describe(differing)}.");
                    await _elb.ModifyTargetGroupAttributesAsync(plan.IdleArn!, differing, callToken).ConfigureAwait(false);
                    item.Status = LoadBalancerPreparationStatus.Modified;
                    item.Detail = $"Copied from {plan.LiveName}: {Describe(differing)}.";
                    break;

                case LoadBalancerPreparationItemKind.Tags when item.WithCreation:
                    item.Arn = plan.IdleArn;
                    item.Status = LoadBalancerPreparationStatus.Tagged;
                    break;

                case LoadBalancerPreparationItemKind.Tags:
                    _reporter.Verbose($"AddTags {item.Name}: {Describe(item.TagsToAdd)}.");
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

        /// <summary>The group to create (or the existing one), its attributes and the tags of both groups.</summary>
        private async Task PlanGroupAsync(LoadBalancerPreparationPlan plan, IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags, CancellationToken cancellationToken)
        {
            TargetGroup live = plan.Live;
            string lb = plan.LoadBalancerName;
            List<Tag> idleTags = ProjectTags(plan.Project, plan.IdleColor);
            if (plan.Idle == null)
            {
                plan.Create = new CreateTargetGroupRequest
                {
                    Name = plan.IdleName,
                    Protocol = live.Protocol,
                    ProtocolVersion = live.ProtocolVersion,
                    Port = live.Port,
                    VpcId = live.VpcId,
                    TargetType = live.TargetType,
                    IpAddressType = live.IpAddressType,
                    HealthCheckEnabled = live.HealthCheckEnabled,
                    HealthCheckProtocol = live.HealthCheckProtocol,
                    HealthCheckPort = live.HealthCheckPort,
                    HealthCheckPath = live.HealthCheckPath,
                    HealthCheckIntervalSeconds = live.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = live.HealthCheckTimeoutSeconds,
                    HealthyThresholdCount = live.HealthyThresholdCount,
                    UnhealthyThresholdCount = live.UnhealthyThresholdCount,
                    Matcher = live.Matcher == null ? null : new Matcher { HttpCode = live.Matcher.HttpCode, GrpcCode = live.Matcher.GrpcCode },
                    Tags = idleTags,
                };
                string copy = $"{live.Protocol}{(live.ProtocolVersion != null ? "/" + live.ProtocolVersion : string.Empty)}:{live.Port} in {live.VpcId}, targets by {live.TargetType ?? "instance"}, " +
                    $"health check {live.HealthCheckProtocol} {live.HealthCheckPath ?? string.Empty} on {live.HealthCheckPort ?? "traffic-port"} every {live.HealthCheckIntervalSeconds} s " +
                    $"(timeout {live.HealthCheckTimeoutSeconds} s, healthy {live.HealthyThresholdCount}, unhealthy {live.UnhealthyThresholdCount}, codes {live.Matcher?.HttpCode ?? live.Matcher?.GrpcCode})";
                plan.ItemList.Add(new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.TargetGroup, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                    $"A copy of {plan.LiveName}: {copy}.")
                {
                    ApprovalTarget = $"{plan.IdleName} (new target group)",
                    ApprovalAction = $"Create target group, a copy of {plan.LiveName} ({copy}), tagged {Describe(idleTags)}",
                });
            }
            else
            {
                plan.ItemList.Add(new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.TargetGroup, plan.IdleName, LoadBalancerPreparationStatus.Unchanged,
                    $"Exists; the second group next to {plan.LiveName}.") { Arn = plan.Idle.TargetGroupArn });
            }

            // Attributes: what the live group reports of those that matter, onto the second group.
            IReadOnlyList<TargetGroupAttribute> liveAttributes = await _elb.DescribeTargetGroupAttributesAsync(live.TargetGroupArn!, cancellationToken).ConfigureAwait(false);
            List<TargetGroupAttribute> copied = CopiedAttributes
                .Select(key => liveAttributes.FirstOrDefault(a => a.Key == key))
                .Where(a => a != null && a.Value != null)
                .Select(a => new TargetGroupAttribute { Key = a!.Key, Value = a.Value })
                .ToList();
            var attributes = new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.Attributes, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                $"Copy from {plan.LiveName}: {Describe(copied)}.")
            {
                Arn = plan.IdleArn,
                NeedsIdleGroup = true,
                ApprovalTarget = $"{plan.IdleName} (target group attributes)",
                ApprovalAction = $"Copy the attributes of {plan.LiveName}: {Describe(copied)}",
            };
            attributes.AttributesToCopy.AddRange(copied);
            if (plan.Idle != null)
            {
                List<TargetGroupAttribute> differing = Differing(copied, await _elb.DescribeTargetGroupAttributesAsync(plan.Idle.TargetGroupArn!, cancellationToken).ConfigureAwait(false));
                if (differing.Count == 0)
                {
                    attributes.Status = LoadBalancerPreparationStatus.Unchanged;
                    attributes.Detail = $"As on {plan.LiveName}: {Describe(copied)}.";
                }
                else
                {
                    attributes.AttributesToCopy.Clear();
                    attributes.AttributesToCopy.AddRange(differing);
                    attributes.Detail = $"Copy from {plan.LiveName}: {Describe(differing)}.";
                    attributes.ApprovalAction = $"Copy the attributes of {plan.LiveName}: {Describe(differing)}";
                }
            }

            if (copied.Count > 0 || plan.Idle != null)
            {
                plan.ItemList.Add(attributes);
            }

            plan.ItemList.Add(PlanTags(plan, live.TargetGroupArn!, plan.LiveName, plan.LiveColor, "live", tags));
            if (plan.Idle == null)
            {
                var withCreation = new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.Tags, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                    $"{Describe(idleTags)} (idle), given with CreateTargetGroup.")
                { WithCreation = true, NeedsIdleGroup = true };
                withCreation.TagsToAdd.AddRange(idleTags);
                plan.ItemList.Add(withCreation);
            }
            else
            {
                plan.ItemList.Add(PlanTags(plan, plan.Idle.TargetGroupArn!, plan.IdleName, plan.IdleColor, "idle", tags));
            }
        }

        private static LoadBalancerPreparationItem PlanTags(LoadBalancerPreparationPlan plan, string arn, string name, string color, string role, IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags)
        {
            var missing = new List<Tag>();
            if (TagValue(tags, arn, ProjectConfiguration.ProjectTagKey) == null)
            {
                missing.Add(new Tag { Key = ProjectConfiguration.ProjectTagKey, Value = plan.Project });
            }

            if (TagValue(tags, arn, ProjectConfiguration.ColorTagKey) == null)
            {
                missing.Add(new Tag { Key = ProjectConfiguration.ColorTagKey, Value = color });
            }

            var item = new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.Tags, name,
                missing.Count == 0 ? LoadBalancerPreparationStatus.Unchanged : LoadBalancerPreparationStatus.Planned,
                missing.Count == 0 ? $"{Describe(ProjectTags(plan.Project, color))} ({role})." : $"Add {Describe(missing)} ({role}).")
            {
                Arn = arn,
                ApprovalTarget = $"{name} ({arn})",
                ApprovalAction = $"Add tags {Describe(missing)}",
            };
            item.TagsToAdd.AddRange(missing);
            return item;
        }

        /// <summary>A preview rule on every listener that forwards the site's traffic: kept, re-pointed at the idle group, or created.</summary>
        private void PlanPreviewRules(
            LoadBalancerPreparationPlan plan,
            ProjectConfiguration config,
            List<(Listener Listener, IReadOnlyList<Rule> Rules)> listeners,
            List<Listener> forwarding,
            List<(Listener Listener, Rule Rule, IReadOnlyDictionary<string, int> Weights)> previews,
            Func<string, string> nameOf)
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
                if (custom.Count >= MaxRulesPerListener)
                {
                    throw new BlueGreenException(
                        "RuleLimitReached",
                        FailureCategory.LimitsExceeded,
                        $"Listener {listenerName} of load balancer {plan.LoadBalancerName} already has {custom.Count} rules, ELBv2's limit ({MaxRulesPerListener} besides the default), so the preview rule cannot be added. " +
                        "Delete a rule it no longer needs (aws elbv2 delete-rule), then run again.",
                        listener.ListenerArn);
                }

                int priority = ChoosePriority(custom, out string? warning, out bool hidden);
                string name = $"{listenerName} rule {priority}";
                if (warning != null && (hidden || config.Maintenance.Mode == MaintenanceModeKind.LoadBalancer))
                {
                    _reporter.Warning($"The preview rule {name}: {warning}");
                }

                plan.ItemList.Add(new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.PreviewRule, name, LoadBalancerPreparationStatus.Planned,
                    $"Header {ForwardingRoute.PreviewHeaderName}: {PreviewHeaderValue} → {plan.IdleName} (idle).")
                {
                    Listener = listener,
                    Priority = priority,
                    NeedsIdleGroup = true,
                    ApprovalTarget = $"{name} ({listener.ListenerArn})",
                    ApprovalAction = $"Create the preview rule: header {ForwardingRoute.PreviewHeaderName}: {PreviewHeaderValue}, forward to {plan.IdleName} (the idle group)",
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

        private (string LiveArn, TargetGroup? Idle, string? IdleName) ResolveConfigured(
            ProjectConfiguration config,
            string lbName,
            List<(string Name, IReadOnlyDictionary<string, int> Weights)> routes,
            HashSet<string> serving,
            IReadOnlyDictionary<string, TargetGroup> groups,
            Func<string, string> nameOf)
        {
            TargetGroup? Find(string nameOrArn) => nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
                ? (groups.TryGetValue(nameOrArn, out TargetGroup? g) ? g : null)
                : groups.Values.FirstOrDefault(g => string.Equals(g.TargetGroupName, nameOrArn, StringComparison.Ordinal));
            TargetGroup?[] configured = config.TargetGroups.Select(Find).ToArray();
            var configuredArns = new HashSet<string>(configured.Where(g => g != null).Select(g => g!.TargetGroupArn!), StringComparer.Ordinal);
            foreach (var route in routes)
            {
                string? other = route.Weights.Where(w => w.Value > 0).Select(w => w.Key).FirstOrDefault(arn => !configuredArns.Contains(arn));
                if (other != null)
                {
                    throw new BlueGreenException(
                        "NotConfiguredTargetGroup",
                        FailureCategory.InvalidData,
                        $"{route.Name} of load balancer {lbName} forwards to {nameOf(other)}, which is not one of the TargetGroups configured ({string.Join(", ", config.TargetGroups)}). " +
                        "Name the group that serves the site in TargetGroups of bluegreen.psd1 (or -TargetGroupName), or point the listener at it, then run again.",
                        other);
                }
            }

            if (serving.Count > 1)
            {
                throw new BlueGreenException(
                    "TrafficSplit",
                    FailureCategory.InvalidOperation,
                    $"Load balancer {lbName} sends traffic to both configured groups ({string.Join(", ", serving.Select(nameOf))}): a switch is under way. Finish it (Switch-BgTargetGroup, or Resume-BgDeployment) or send everything back (Switch-BgTargetGroup -Weight 0), then run again.",
                    lbName);
            }

            string liveArn = serving.Single();
            int liveIndex = Array.FindIndex(configured, g => g?.TargetGroupArn == liveArn);
            string idleEntry = config.TargetGroups[1 - liveIndex];
            TargetGroup? idle = configured[1 - liveIndex];
            if (idle == null && idleEntry.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw new BlueGreenException(
                    "TargetGroupNotFound",
                    FailureCategory.ObjectNotFound,
                    $"The configured target group {idleEntry} does not exist, and a group cannot be created under an ARN. Put a name in TargetGroups of bluegreen.psd1 (or -TargetGroupName) for the group to create, then run again.",
                    idleEntry);
            }

            return (liveArn, idle, idle?.TargetGroupName ?? idleEntry);
        }

        /// <summary>The name the second group is created under must be valid and free (or be a group of this project's, which is then used).</summary>
        private TargetGroup? FindByName(ProjectConfiguration config, string name, IReadOnlyDictionary<string, TargetGroup> groups, IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags)
        {
            if (!ValidTargetGroupName.IsMatch(name))
            {
                throw new BlueGreenException(
                    "InvalidTargetGroupName",
                    FailureCategory.InvalidArgument,
                    $"'{name}' is not a valid target group name (1-{MaxTargetGroupName} letters, digits and hyphens, not starting or ending with a hyphen). Name the two groups in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again.",
                    name);
            }

            TargetGroup? taken = groups.Values.FirstOrDefault(g => string.Equals(g.TargetGroupName, name, StringComparison.OrdinalIgnoreCase));
            if (taken == null)
            {
                _reporter.Verbose($"No target group is named {name}; it will be created.");
                return null;
            }

            string? owner = TagValue(tags, taken.TargetGroupArn!, ProjectConfiguration.ProjectTagKey);
            bool configured = config.TargetGroups.Contains(name, StringComparer.Ordinal);
            if (owner == config.Project || (owner == null && configured))
            {
                return taken;
            }

            throw new BlueGreenException(
                "TargetGroupNameTaken",
                FailureCategory.ResourceExists,
                owner != null
                    ? $"The second group would be named {name}, but a target group of that name exists and is tagged {ProjectConfiguration.ProjectTagKey}={owner}, another project. Name this project's two groups in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again."
                    : $"The second group would be named {name}, but a target group of that name exists and is not tagged as this project's. To use it, tag it ({ProjectConfiguration.ProjectTagKey}={config.Project}) or name it in TargetGroups of bluegreen.psd1; otherwise name the two groups there (or -TargetGroupName), then run again.",
                taken.TargetGroupArn);
        }

        /// <summary>An existing second group must be this project's (or untagged), like the live one, and attached to no other load balancer.</summary>
        private static void CheckUsable(ProjectConfiguration config, TargetGroup idle, TargetGroup live, LoadBalancer loadBalancer, IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags)
        {
            string name = idle.TargetGroupName ?? idle.TargetGroupArn!;
            string? owner = TagValue(tags, idle.TargetGroupArn!, ProjectConfiguration.ProjectTagKey);
            if (owner != null && owner != config.Project)
            {
                throw new BlueGreenException(
                    "OtherProjectTargetGroup",
                    FailureCategory.InvalidData,
                    $"Target group {name} is tagged {ProjectConfiguration.ProjectTagKey}={owner}, not {config.Project}. BlueGreen will not take over another project's group: check TargetGroups and Project in bluegreen.psd1, then run again.",
                    idle.TargetGroupArn);
            }

            string? otherLoadBalancer = idle.LoadBalancerArns.FirstOrDefault(arn => arn != loadBalancer.LoadBalancerArn);
            if (otherLoadBalancer != null)
            {
                throw new BlueGreenException(
                    "TargetGroupInUse",
                    FailureCategory.ResourceBusy,
                    $"Target group {name} is used by another load balancer ({otherLoadBalancer}); a target group serves one Application Load Balancer. Name another group in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again.",
                    idle.TargetGroupArn);
            }

            var differences = new List<string>();
            void Compare(string what, object? a, object? b)
            {
                if (!Equals(a, b))
                {
                    differences.Add($"{what} {a ?? "(none)"} instead of {b ?? "(none)"}");
                }
            }

            Compare("protocol", idle.Protocol, live.Protocol);
            Compare("port", idle.Port, live.Port);
            Compare("VPC", idle.VpcId, live.VpcId);
            Compare("target type", idle.TargetType, live.TargetType);
            if (differences.Count > 0)
            {
                throw new BlueGreenException(
                    "IncompatibleTargetGroup",
                    FailureCategory.InvalidData,
                    $"Target group {name} cannot take turns with {live.TargetGroupName}: it has {string.Join(", ", differences)}. Delete it so it is created as a copy, or name a matching group in TargetGroups of bluegreen.psd1, then run again.",
                    idle.TargetGroupArn);
            }
        }

        /// <summary>
        /// The live group's name with its color swapped (shop-blue → shop-green), else &lt;project&gt;-&lt;color&gt;
        /// (letters, digits and hyphens, at most 32 characters).
        /// </summary>
        internal static string DeriveName(string project, string liveName, string liveColor, string idleColor)
        {
            int at = liveName.IndexOf(liveColor, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                string swapped = liveName.Substring(0, at) + idleColor + liveName.Substring(at + liveColor.Length);
                if (swapped.Length <= MaxTargetGroupName)
                {
                    return swapped;
                }
            }

            string stem = Regex.Replace(project, "[^A-Za-z0-9-]+", "-").Trim('-');
            int room = MaxTargetGroupName - idleColor.Length - 1;
            if (stem.Length > room)
            {
                stem = stem.Substring(0, room).TrimEnd('-');
            }

            return stem.Length == 0 ? idleColor : stem + "-" + idleColor;
        }

        private static string? ColorInName(string? name)
        {
            string lower = (name ?? string.Empty).ToLowerInvariant();
            bool blue = lower.Contains("blue");
            bool green = lower.Contains("green");
            return blue == green ? null : blue ? "blue" : "green";
        }

        private static string Opposite(string color) => color == "green" ? "blue" : "green";

        private static string? TagValue(IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags, string arn, string key) =>
            tags.TryGetValue(arn, out IReadOnlyList<Tag>? list) ? list.FirstOrDefault(t => t.Key == key)?.Value : null;

        private static List<Tag> ProjectTags(string project, string color) => new List<Tag>
        {
            new Tag { Key = ProjectConfiguration.ProjectTagKey, Value = project },
            new Tag { Key = ProjectConfiguration.ColorTagKey, Value = color },
        };

        private static List<TargetGroupAttribute> Differing(IEnumerable<TargetGroupAttribute> wanted, IReadOnlyList<TargetGroupAttribute> current) =>
            wanted.Where(w => current.FirstOrDefault(c => c.Key == w.Key)?.Value != w.Value).ToList();

        private static ElbAction ForwardTo(string arn, int? order) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = arn, Order = order };

        private static string Describe(IEnumerable<Tag> tags) => string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));

        private static string Describe(IEnumerable<TargetGroupAttribute> attributes)
        {
            string text = string.Join(", ", attributes.Select(a => $"{a.Key}={a.Value}"));
            return text.Length == 0 ? "none reported" : text;
        }
    }
}
