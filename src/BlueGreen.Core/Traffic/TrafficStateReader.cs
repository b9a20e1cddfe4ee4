using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Reads where a project's traffic goes. Ambiguity is an error, never a guess: the load balancer must exist,
    /// the project must have exactly two target groups (configured, or tagged bluegreen:project), and every
    /// forwarding listener and rule must forward only to those two. This replaces the seed's "inactive group =
    /// any other group in the account".
    /// </summary>
    public sealed class TrafficStateReader(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
    {
        /// <summary>Tag a canary switch puts on the group it is moving traffic to.</summary>
        public const string IncomingTagKey = "bluegreen:incoming";

        private readonly IElasticLoadBalancingV2 _elb = elb;
        private readonly IOperationReporter _reporter = reporter;

        public Task<TrafficState> ReadAsync(ProjectConfiguration config, CancellationToken cancellationToken) => ReadAsync(config, null, cancellationToken);

        /// <param name="incomingHint">
        /// The ARN of the group a deployment was moving traffic to. When the routes disagree (a switch cut off between
        /// two listeners, e.g. by kill -9) or split evenly without the incoming tag, the state is read as a switch under
        /// way towards this group instead of refused, so the deployment can finish or take back its own switch.
        /// </param>
        public async Task<TrafficState> ReadAsync(ProjectConfiguration config, string? incomingHint, CancellationToken cancellationToken)
        {
            // Two independent chains, read at the same time: load balancer -> listeners -> all their rules at once, and
            // target groups -> their tags and health at once. Three round trips in all, however many listeners.
            Task<(LoadBalancer LoadBalancer, IReadOnlyList<(Listener Listener, IReadOnlyList<Rule> Rules)> Listeners)> routesRead = ReadListenersAsync(config, cancellationToken);
            Task<(IReadOnlyList<TargetGroup> Groups, IReadOnlyList<TagDescription> Tags, IReadOnlyList<TargetHealthDescription>[] Health)> groupsRead = ReadGroupsAsync(config, cancellationToken);
            try
            {
                await Task.WhenAll(routesRead, groupsRead).ConfigureAwait(false);
            }
            catch when (routesRead.IsFaulted || routesRead.IsCanceled)
            {
                // The load balancer's failure first (as when the two were read one after the other).
                await routesRead.ConfigureAwait(false);
                throw;
            }

            (LoadBalancer loadBalancer, IReadOnlyList<(Listener Listener, IReadOnlyList<Rule> Rules)> listeners) = routesRead.Result;
            (IReadOnlyList<TargetGroup> groups, IReadOnlyList<TagDescription> tags, IReadOnlyList<TargetHealthDescription>[] healthOfGroups) = groupsRead.Result;
            string lbArn = loadBalancer.LoadBalancerArn!;
            string lbName = loadBalancer.LoadBalancerName ?? lbArn;
            var projectArns = new HashSet<string>(groups.Select(g => g.TargetGroupArn!), StringComparer.Ordinal);

            var all = new List<ForwardingRoute>();
            var others = new List<string>();
            foreach ((Listener listener, IReadOnlyList<Rule> rules) in listeners)
            {
                AddRoute(listener, null, listener.DefaultActions, projectArns, groups, all, others);
                foreach (Rule rule in rules)
                {
                    if (!rule.IsDefault)
                    {
                        AddRoute(listener, rule, rule.Actions, projectArns, groups, all, others);
                    }
                }
            }

            List<ForwardingRoute> routes = all.Where(r => !r.IsPreview).ToList();
            List<ForwardingRoute> previews = all.Where(r => r.IsPreview).ToList();

            var projectGroups = new List<ProjectTargetGroup>();
            for (int i = 0; i < groups.Count; i++)
            {
                TargetGroup group = groups[i];
                List<Tag> groupTags = tags.FirstOrDefault(t => t.ResourceArn == group.TargetGroupArn)?.Tags ?? new List<Tag>();
                var targets = healthOfGroups[i]
                    .Where(h => h.Target?.Id != null)
                    .Select(h => new TargetStatus(h.Target!.Id!, h.Target.Port, h.TargetHealth?.State ?? "unknown", h.TargetHealth?.Reason, h.TargetHealth?.Description))
                    .ToList();
                projectGroups.Add(new ProjectTargetGroup(config.Project, group.TargetGroupName ?? group.TargetGroupArn!, group.TargetGroupArn!, ColorOf(group, groupTags), targets)
                {
                    LoadBalancer = lbName,
                    IsIncoming = groupTags.Any(t => t.Key == IncomingTagKey && t.Value == "true"),
                    ForwardedBy = all.Where(r => r.WeightOf(group.TargetGroupArn!) > 0).Select(r => r.IsPreview ? r.Listener + " rule " + r.RulePriority + " (preview)" : r.Name).ToList(),
                });
            }

            AssignRoles(projectGroups, routes, lbName, incomingHint);
            return new TrafficState(lbArn, lbName, projectGroups, routes, previews, others) { LoadBalancerDnsName = loadBalancer.DNSName };
        }

        /// <summary>The load balancer, then its listeners, then the rules of every listener at once.</summary>
        private async Task<(LoadBalancer, IReadOnlyList<(Listener, IReadOnlyList<Rule>)>)> ReadListenersAsync(ProjectConfiguration config, CancellationToken cancellationToken)
        {
            LoadBalancer loadBalancer = await ResolveLoadBalancerAsync(config.LoadBalancer, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"Reading listeners and rules of load balancer {loadBalancer.LoadBalancerName ?? loadBalancer.LoadBalancerArn}.");
            IReadOnlyList<Listener> listeners = await _elb.DescribeListenersAsync(loadBalancer.LoadBalancerArn!, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Rule>[] rules = await Task.WhenAll(listeners.Select(l => _elb.DescribeRulesAsync(l.ListenerArn!, cancellationToken))).ConfigureAwait(false);
            return (loadBalancer, listeners.Select((l, i) => (l, rules[i])).ToList());
        }

        /// <summary>The project's two groups, then their tags (unless finding the groups read them) and health at once.</summary>
        private async Task<(IReadOnlyList<TargetGroup>, IReadOnlyList<TagDescription>, IReadOnlyList<TargetHealthDescription>[])> ReadGroupsAsync(ProjectConfiguration config, CancellationToken cancellationToken)
        {
            (IReadOnlyList<TargetGroup> groups, IReadOnlyList<TagDescription>? tags) = await ResolveTargetGroupsAsync(config, cancellationToken).ConfigureAwait(false);
            Task<IReadOnlyList<TagDescription>> tagsRead = tags != null
                ? Task.FromResult(tags)
                : _elb.DescribeTagsAsync(groups.Select(g => g.TargetGroupArn!), cancellationToken);
            Task<IReadOnlyList<TargetHealthDescription>[]> healthRead = Task.WhenAll(groups.Select(g => _elb.DescribeTargetHealthAsync(g.TargetGroupArn!, null, cancellationToken)));
            await Task.WhenAll(tagsRead, healthRead).ConfigureAwait(false);
            return (groups, tagsRead.Result, healthRead.Result);
        }

        /// <summary>Percent of a forward action's traffic per target group (summing to 100).</summary>
        internal static IReadOnlyDictionary<string, int> WeightsOf(ElbAction forward)
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal);
            List<TargetGroupTuple>? tuples = forward.ForwardConfig?.TargetGroups;
            if (tuples == null || tuples.Count == 0)
            {
                if (forward.TargetGroupArn != null)
                {
                    weights[forward.TargetGroupArn] = 100;
                }

                return weights;
            }

            // A single group without weight gets everything; ELBv2 weights are relative (0-999).
            int total = tuples.Sum(t => t.Weight ?? 1);
            int assigned = 0;
            for (int i = 0; i < tuples.Count; i++)
            {
                string arn = tuples[i].TargetGroupArn ?? string.Empty;
                int percent = i == tuples.Count - 1
                    ? (total == 0 ? 0 : 100 - assigned)
                    : (total == 0 ? 0 : (int)Math.Round(100.0 * (tuples[i].Weight ?? 1) / total, MidpointRounding.AwayFromZero));
                assigned += percent;
                weights[arn] = weights.TryGetValue(arn, out int existing) ? existing + percent : percent;
            }

            return weights;
        }

        private void AddRoute(Listener listener, Rule? rule, List<ElbAction> actions, HashSet<string> projectArns, IReadOnlyList<TargetGroup> groups, List<ForwardingRoute> routes, List<string> others)
        {
            ElbAction? forward = actions.FirstOrDefault(a => a.Type == ActionTypeEnum.Forward);
            string name = ForwardingRoute.Describe(listener) + (rule == null ? " default" : " rule " + rule.Priority);
            if (forward == null)
            {
                string kind = actions.OrderBy(a => a.Order ?? int.MaxValue).LastOrDefault()?.Type ?? "no action";
                others.Add($"{name} ({kind})");
                return;
            }

            IReadOnlyDictionary<string, int> weights = WeightsOf(forward);
            string? foreign = weights.Keys.FirstOrDefault(arn => !projectArns.Contains(arn));
            if (foreign != null)
            {
                throw new BlueGreenException(
                    "ForeignTargetGroup",
                    FailureCategory.InvalidData,
                    $"{name} of the load balancer forwards to '{foreign}', which is neither of the project's target groups ({string.Join(", ", groups.Select(g => g.TargetGroupName))}). " +
                    "BlueGreen will not guess which group is live: point that listener or rule at one of the project's groups, or move it to another load balancer.",
                    rule?.RuleArn ?? listener.ListenerArn);
            }

            routes.Add(new ForwardingRoute(listener, rule, actions, weights));
        }

        private static void AssignRoles(List<ProjectTargetGroup> groups, List<ForwardingRoute> routes, string lbName, string? incomingHint)
        {
            if (routes.Count == 0)
            {
                throw new BlueGreenException(
                    "NoForwardingRoute",
                    FailureCategory.InvalidData,
                    $"No listener or rule of load balancer {lbName} forwards to {groups[0].Name} or {groups[1].Name}, so neither is live. " +
                    "Point the load balancer's listeners at the group that serves the site, then run again.",
                    lbName);
            }

            foreach (ProjectTargetGroup group in groups)
            {
                group.Weight = (int)Math.Round(routes.Average(r => (double)r.WeightOf(group.Arn)), MidpointRounding.AwayFromZero);
            }

            ProjectTargetGroup? pureLive = groups.FirstOrDefault(g => routes.All(r => r.WeightOf(g.Arn) == 100));
            if (pureLive != null)
            {
                foreach (ProjectTargetGroup group in groups)
                {
                    group.Role = group == pureLive ? TargetGroupRole.Live : TargetGroupRole.Idle;
                    group.IsIncoming = group != pureLive;
                }

                return;
            }

            ProjectTargetGroup? hinted = incomingHint == null ? null : groups.FirstOrDefault(g => g.Arn == incomingHint);
            bool anyRouteShared = routes.Any(r => groups.All(g => r.WeightOf(g.Arn) > 0));
            if (hinted != null && (!anyRouteShared || (groups[0].Weight == groups[1].Weight && groups.Count(g => g.IsIncoming) != 1)))
            {
                // A switch of ours, cut off part-way: read it as moving towards the hinted group.
                foreach (ProjectTargetGroup group in groups)
                {
                    group.Role = TargetGroupRole.Split;
                    group.IsIncoming = group == hinted;
                }

                return;
            }

            if (!anyRouteShared)
            {
                throw new BlueGreenException(
                    "MixedRoutes",
                    FailureCategory.InvalidData,
                    $"Load balancer {lbName} sends some listeners or rules to one group and others to the other: " +
                    string.Join("; ", routes.Select(r => r.Name + " → " + string.Join(", ", groups.Where(g => r.WeightOf(g.Arn) > 0).Select(g => g.Name)))) +
                    ". BlueGreen will not guess which group is live: point every forwarding listener and rule at the group that serves the site, then run again.",
                    lbName);
            }

            foreach (ProjectTargetGroup group in groups)
            {
                group.Role = TargetGroupRole.Split;
            }

            // During a canary switch the incoming group carries the tag; without it, the group with less traffic.
            List<ProjectTargetGroup> tagged = groups.Where(g => g.IsIncoming).ToList();
            if (tagged.Count == 1)
            {
                return;
            }

            if (groups[0].Weight == groups[1].Weight)
            {
                throw new BlueGreenException(
                    "AmbiguousSplit",
                    FailureCategory.InvalidData,
                    $"Load balancer {lbName} splits traffic evenly between {groups[0].Name} and {groups[1].Name} and neither carries the tag {IncomingTagKey}=true, so the direction of the switch is unknown. " +
                    $"Tag the group traffic is moving to with {IncomingTagKey}=true, or shift the weights with Switch-BgTargetGroup -Weight, then run again.",
                    lbName);
            }

            ProjectTargetGroup incoming = groups.OrderBy(g => g.Weight).First();
            foreach (ProjectTargetGroup group in groups)
            {
                group.IsIncoming = group == incoming;
            }
        }

        internal async Task<LoadBalancer> ResolveLoadBalancerAsync(string nameOrArn, CancellationToken cancellationToken)
        {
            bool isArn = nameOrArn.StartsWith("arn:", StringComparison.Ordinal);
            _reporter.Verbose($"Looking up load balancer {nameOrArn}.");
            IReadOnlyList<LoadBalancer> found;
            try
            {
                found = isArn
                    ? await _elb.DescribeLoadBalancersAsync(null, new[] { nameOrArn }, cancellationToken).ConfigureAwait(false)
                    : await _elb.DescribeLoadBalancersAsync(new[] { nameOrArn }, null, cancellationToken).ConfigureAwait(false);
            }
            catch (BlueGreenException ex) when (ex.ErrorId == "AwsLoadBalancerNotFound")
            {
                throw LoadBalancerNotFound(nameOrArn, ex);
            }

            if (found.Count != 1 || found[0].LoadBalancerArn == null)
            {
                throw LoadBalancerNotFound(nameOrArn);
            }

            return found[0];
        }

        internal static BlueGreenException LoadBalancerNotFound(string nameOrArn, Exception? inner = null) =>
            new BlueGreenException(
                "LoadBalancerNotFound",
                FailureCategory.ObjectNotFound,
                $"Load balancer '{nameOrArn}' does not exist in this account and region. Check LoadBalancer in bluegreen.psd1 (or -LoadBalancer), -Region and -ProfileName.",
                nameOrArn,
                inner);

        /// <summary>
        /// The project's two target groups, and their tags when finding them read the tags already (the tag search);
        /// null tags for configured groups (the caller reads them together with the health).
        /// </summary>
        private async Task<(IReadOnlyList<TargetGroup> Groups, IReadOnlyList<TagDescription>? Tags)> ResolveTargetGroupsAsync(ProjectConfiguration config, CancellationToken cancellationToken)
        {
            if (config.TargetGroups.Count == 2)
            {
                _reporter.Verbose($"Using the configured target groups {config.TargetGroups[0]} and {config.TargetGroups[1]}.");
                var found = new List<TargetGroup>();
                try
                {
                    string[] arns = config.TargetGroups.Where(t => t.StartsWith("arn:", StringComparison.Ordinal)).ToArray();
                    string[] names = config.TargetGroups.Where(t => !t.StartsWith("arn:", StringComparison.Ordinal)).ToArray();
                    var lookups = new List<Task<IReadOnlyList<TargetGroup>>>();
                    if (arns.Length > 0)
                    {
                        lookups.Add(_elb.DescribeTargetGroupsAsync(null, null, arns, cancellationToken));
                    }

                    if (names.Length > 0)
                    {
                        lookups.Add(_elb.DescribeTargetGroupsAsync(null, names, null, cancellationToken));
                    }

                    foreach (IReadOnlyList<TargetGroup> page in await Task.WhenAll(lookups).ConfigureAwait(false))
                    {
                        found.AddRange(page);
                    }
                }
                catch (BlueGreenException ex) when (ex.ErrorId == "AwsTargetGroupNotFound")
                {
                    throw new BlueGreenException(
                        "TargetGroupNotFound",
                        FailureCategory.ObjectNotFound,
                        $"A configured target group ({string.Join(" or ", config.TargetGroups)}) does not exist in this account and region. Check TargetGroups in bluegreen.psd1 (or -TargetGroupName), -Region and -ProfileName.",
                        config.TargetGroups,
                        ex);
                }

                List<TargetGroup> distinct = found.GroupBy(g => g.TargetGroupArn).Select(g => g.First()).ToList();
                if (distinct.Count != 2)
                {
                    throw new BlueGreenException(
                        "TargetGroupNotFound",
                        FailureCategory.ObjectNotFound,
                        $"The configured target groups {string.Join(" and ", config.TargetGroups)} resolve to {distinct.Count} group(s), not two. Check TargetGroups in bluegreen.psd1 (or -TargetGroupName).",
                        config.TargetGroups);
                }

                return (distinct, null);
            }

            _reporter.Verbose($"Finding the target groups tagged {ProjectConfiguration.ProjectTagKey}={config.Project}.");
            IReadOnlyList<TargetGroup> all = await _elb.DescribeTargetGroupsAsync(null, null, null, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<TagDescription> tags = all.Count == 0
                ? Array.Empty<TagDescription>()
                : await _elb.DescribeTagsAsync(all.Select(g => g.TargetGroupArn!), cancellationToken).ConfigureAwait(false);
            var tagged = new HashSet<string>(
                tags.Where(d => d.Tags.Any(t => t.Key == ProjectConfiguration.ProjectTagKey && t.Value == config.Project)).Select(d => d.ResourceArn!),
                StringComparer.Ordinal);
            List<TargetGroup> project = all.Where(g => tagged.Contains(g.TargetGroupArn!)).ToList();
            if (project.Count != 2)
            {
                string listing = project.Count == 0 ? "none" : string.Join(", ", project.Select(g => g.TargetGroupName));
                throw new BlueGreenException(
                    project.Count < 2 ? "TargetGroupNotFound" : "AmbiguousTargetGroups",
                    project.Count < 2 ? FailureCategory.ObjectNotFound : FailureCategory.InvalidData,
                    $"Found {project.Count} target group(s) tagged {ProjectConfiguration.ProjectTagKey}={config.Project} ({listing}); a blue-green project needs exactly two. " +
                    "Tag exactly two groups (aws elbv2 add-tags), or list them as TargetGroups in bluegreen.psd1 (or -TargetGroupName).",
                    config.Project);
            }

            return (project, tags.Where(d => tagged.Contains(d.ResourceArn!)).ToList());
        }

        private static string? ColorOf(TargetGroup group, IEnumerable<Tag> tags)
        {
            string? tagged = tags.FirstOrDefault(t => t.Key == ProjectConfiguration.ColorTagKey)?.Value;
            if (!string.IsNullOrEmpty(tagged))
            {
                return tagged!.ToLowerInvariant();
            }

            string name = (group.TargetGroupName ?? string.Empty).ToLowerInvariant();
            bool blue = name.Contains("blue");
            bool green = name.Contains("green");
            return blue == green ? null : blue ? "blue" : "green";
        }
    }
}
