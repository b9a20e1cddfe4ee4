using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// The ELBv2 resources of the sandbox (load balancers, target groups, listeners, rules, registered targets) and
    /// the operations on them, with ELBv2's validation, idempotency and error codes. Callers hold <see cref="SandboxWorld.Gate"/>.
    /// </summary>
    internal sealed class LoadBalancingState
    {
        private static readonly Regex ResourceNamePattern = new Regex("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$");
        private static readonly string[] ApplicationProtocols = { "HTTP", "HTTPS" };
        private readonly SandboxWorld _world;
        private readonly Dictionary<string, string> _fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);

        internal LoadBalancingState(SandboxWorld world)
        {
            _world = world;
        }

        internal List<LoadBalancer> LoadBalancers { get; } = new List<LoadBalancer>();

        internal List<TargetGroup> TargetGroups { get; } = new List<TargetGroup>();

        internal List<Listener> Listeners { get; } = new List<Listener>();

        private string ArnPrefix => $"arn:aws:elasticloadbalancing:{_world.Network.Region}:{_world.Network.AccountId}:";

        // ---- Load balancers -------------------------------------------------------------------------------------

        internal LoadBalancer CreateLoadBalancer(LoadBalancerDefinition definition, DateTimeOffset? createdTime = null)
        {
            ValidateName(definition.Name, "load balancer");
            if (definition.Name.StartsWith("internal-", StringComparison.Ordinal))
            {
                throw Validation($"Load balancer name '{definition.Name}' cannot begin with 'internal-'");
            }

            LoadBalancer? existing = LoadBalancers.FirstOrDefault(lb => lb.Name == definition.Name);
            if (existing != null)
            {
                if (_fingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
                {
                    return existing;
                }

                throw new AwsErrorException("DuplicateLoadBalancerName", $"A load balancer with the same name '{definition.Name}' exists, but with different settings");
            }

            var zones = new List<LoadBalancerZone>();
            foreach (string subnet in definition.Subnets.Distinct(StringComparer.Ordinal))
            {
                string zone = _world.Network.ZoneOfSubnet(subnet)
                    ?? throw new AwsErrorException("SubnetNotFound", $"The subnet ID '{subnet}' is not valid");
                if (zones.Any(z => z.ZoneName == zone))
                {
                    throw new AwsErrorException("InvalidConfigurationRequest", $"A load balancer cannot be attached to multiple subnets in the same Availability Zone");
                }

                zones.Add(new LoadBalancerZone(zone, subnet));
            }

            if (definition.Type == "application" && zones.Count < 2)
            {
                throw Validation("At least two subnets in two different Availability Zones must be specified");
            }

            if (zones.Count == 0)
            {
                throw Validation("At least one subnet must be specified");
            }

            foreach (string group in definition.SecurityGroups)
            {
                if (group != _world.Network.DefaultSecurityGroupId)
                {
                    throw new AwsErrorException("InvalidSecurityGroup", $"Security group '{group}' does not exist");
                }
            }

            CheckTags(definition.Tags, new TagSet());
            string kind = definition.Type == "application" ? "app" : definition.Type == "network" ? "net" : "gwy";
            string id = _world.Ids.Hex(16);
            string dnsPrefix = definition.Scheme == "internal" ? "internal-" : string.Empty;
            var loadBalancer = new LoadBalancer($"{ArnPrefix}loadbalancer/{kind}/{definition.Name}/{id}", definition.Name, definition.Type,
                definition.Scheme, definition.IpAddressType, _world.Network.VpcId,
                $"{dnsPrefix}{definition.Name}-{_world.Ids.Digits(10)}.{_world.Network.Region}.elb.amazonaws.com",
                definition.Type == "application" ? "Z35SXDOTRQ7X7K" : "Z26RNL4JYFTOTI", createdTime ?? _world.Now, zones,
                definition.Type == "application"
                    ? (definition.SecurityGroups.Count > 0 ? definition.SecurityGroups : new[] { _world.Network.DefaultSecurityGroupId })
                    : definition.SecurityGroups);
            loadBalancer.Tags.SetAll(definition.Tags);
            LoadBalancers.Add(loadBalancer);
            _fingerprints[loadBalancer.Arn] = definition.Fingerprint;
            return loadBalancer;
        }

        /// <summary>Load balancers by ARN or name (or all); LoadBalancerNotFound if any asked for is missing.</summary>
        internal IReadOnlyList<LoadBalancer> DescribeLoadBalancers(IReadOnlyList<string> arns, IReadOnlyList<string> names)
        {
            if (arns.Count > 0 && names.Count > 0)
            {
                throw Validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
            }

            if (arns.Count > 0)
            {
                return arns.Distinct(StringComparer.Ordinal).Select(GetLoadBalancer).ToList();
            }

            if (names.Count > 0)
            {
                List<string> missing = names.Where(n => LoadBalancers.All(lb => lb.Name != n)).ToList();
                if (missing.Count > 0)
                {
                    throw new AwsErrorException("LoadBalancerNotFound", $"Load balancers '[{string.Join(", ", missing)}]' not found");
                }

                return LoadBalancers.Where(lb => names.Contains(lb.Name, StringComparer.Ordinal)).ToList();
            }

            return LoadBalancers.ToList();
        }

        /// <summary>Deletes a load balancer with its listeners and rules; deleting one that does not exist succeeds, as in ELBv2.</summary>
        internal void DeleteLoadBalancer(string arn)
        {
            LoadBalancer? loadBalancer = LoadBalancers.FirstOrDefault(lb => lb.Arn == arn);
            if (loadBalancer == null)
            {
                if (!arn.StartsWith(ArnPrefix + "loadbalancer/", StringComparison.Ordinal))
                {
                    throw Validation($"'{arn}' is not a valid load balancer ARN");
                }

                return;
            }

            Listeners.RemoveAll(l => l.LoadBalancerArn == arn);
            LoadBalancers.Remove(loadBalancer);
        }

        internal LoadBalancer GetLoadBalancer(string arn) =>
            LoadBalancers.FirstOrDefault(lb => lb.Arn == arn)
            ?? throw new AwsErrorException("LoadBalancerNotFound", $"Load balancer '{arn}' not found");

        // ---- Target groups --------------------------------------------------------------------------------------

        internal TargetGroup CreateTargetGroup(TargetGroupDefinition definition)
        {
            ValidateName(definition.Name, "target group");
            TargetGroup? existing = TargetGroups.FirstOrDefault(tg => tg.Name == definition.Name);
            if (existing != null)
            {
                if (_fingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
                {
                    return existing;
                }

                throw new AwsErrorException("DuplicateTargetGroupName", $"A target group with the same name '{definition.Name}' exists, but with different settings");
            }

            bool lambda = definition.TargetType == "lambda";
            if (!lambda)
            {
                if (definition.Protocol == null)
                {
                    throw Validation("A protocol must be specified");
                }

                if (definition.Port == null)
                {
                    throw Validation("A port must be specified");
                }

                if (definition.VpcId == null)
                {
                    throw Validation("A VPC ID must be specified");
                }

                if (definition.VpcId != _world.Network.VpcId)
                {
                    throw Validation($"The VPC ID '{definition.VpcId}' is not found");
                }
            }

            if (definition.ProtocolVersion != null)
            {
                Require(definition.ProtocolVersion, "protocolVersion", "HTTP1", "HTTP2", "GRPC");
            }

            TargetGroupHealthCheck check = definition.HealthCheck;
            check.Protocol ??= lambda ? null : (definition.Protocol == "HTTPS" ? "HTTPS" : definition.Protocol == "HTTP" ? "HTTP" : "TCP");
            if (check.Path == null && (check.Protocol == "HTTP" || check.Protocol == "HTTPS"))
            {
                check.Path = "/";
            }

            if (check.MatcherHttpCode == null && (check.Protocol == "HTTP" || check.Protocol == "HTTPS"))
            {
                check.MatcherHttpCode = "200";
            }

            if (check.Port != "traffic-port")
            {
                RequirePort(ParseInt(check.Port, "healthCheckPort"), "healthCheckPort");
            }

            if (check.IntervalSeconds < 5 || check.IntervalSeconds > 300)
            {
                throw Validation($"Health check interval '{check.IntervalSeconds}' must be between 5 and 300 seconds");
            }

            if (check.TimeoutSeconds < 2 || check.TimeoutSeconds > 120 || check.TimeoutSeconds >= check.IntervalSeconds)
            {
                throw Validation($"Health check timeout '{check.TimeoutSeconds}' must be between 2 and 120 seconds and smaller than the interval '{check.IntervalSeconds}'");
            }

            if (check.HealthyThresholdCount < 2 || check.HealthyThresholdCount > 10 || check.UnhealthyThresholdCount < 2 || check.UnhealthyThresholdCount > 10)
            {
                throw Validation("Health check thresholds must be between 2 and 10");
            }

            CheckTags(definition.Tags, new TagSet());
            var targetGroup = new TargetGroup($"{ArnPrefix}targetgroup/{definition.Name}/{_world.Ids.Hex(16)}", definition.Name, definition.TargetType,
                lambda ? null : definition.Protocol, definition.ProtocolVersion ?? (lambda || definition.Protocol is not ("HTTP" or "HTTPS") ? null : "HTTP1"),
                lambda ? null : definition.Port, lambda ? null : definition.VpcId, definition.IpAddressType, check);
            targetGroup.Tags.SetAll(definition.Tags);
            TargetGroups.Add(targetGroup);
            _fingerprints[targetGroup.Arn] = definition.Fingerprint;
            return targetGroup;
        }

        internal IReadOnlyList<TargetGroup> DescribeTargetGroups(string? loadBalancerArn, IReadOnlyList<string> arns, IReadOnlyList<string> names)
        {
            int criteria = (loadBalancerArn != null ? 1 : 0) + (arns.Count > 0 ? 1 : 0) + (names.Count > 0 ? 1 : 0);
            if (criteria > 1)
            {
                throw Validation("Load balancer ARN, target group ARNs and target group names cannot be specified at the same time");
            }

            if (loadBalancerArn != null)
            {
                GetLoadBalancer(loadBalancerArn);
                return TargetGroups.Where(tg => LoadBalancerArnsOf(tg).Contains(loadBalancerArn)).ToList();
            }

            if (arns.Count > 0)
            {
                return arns.Distinct(StringComparer.Ordinal).Select(GetTargetGroup).ToList();
            }

            if (names.Count > 0)
            {
                List<string> missing = names.Where(n => TargetGroups.All(tg => tg.Name != n)).ToList();
                if (missing.Count > 0)
                {
                    throw new AwsErrorException("TargetGroupNotFound", $"One or more target groups not found");
                }

                return TargetGroups.Where(tg => names.Contains(tg.Name, StringComparer.Ordinal)).ToList();
            }

            return TargetGroups.ToList();
        }

        internal TargetGroup GetTargetGroup(string arn) =>
            TargetGroups.FirstOrDefault(tg => tg.Arn == arn)
            ?? throw new AwsErrorException("TargetGroupNotFound", $"Target groups '{arn}' not found");

        /// <summary>Deletes a target group; ResourceInUse while a listener or rule forwards to it; a missing one succeeds.</summary>
        internal void DeleteTargetGroup(string arn)
        {
            TargetGroup? targetGroup = TargetGroups.FirstOrDefault(tg => tg.Arn == arn);
            if (targetGroup == null)
            {
                if (!arn.StartsWith(ArnPrefix + "targetgroup/", StringComparison.Ordinal))
                {
                    throw Validation($"'{arn}' is not a valid target group ARN");
                }

                return;
            }

            if (AllActions().Any(a => a.TargetGroupArns.Contains(arn)))
            {
                throw new AwsErrorException("ResourceInUse", $"Target group '{arn}' is currently in use by a listener or a rule");
            }

            TargetGroups.Remove(targetGroup);
            _fingerprints.Remove(arn);
        }

        /// <summary>The load balancers whose listeners or rules forward to the group.</summary>
        internal IReadOnlyList<string> LoadBalancerArnsOf(TargetGroup targetGroup) =>
            Listeners
                .Where(l => l.DefaultActions.Concat(l.Rules.SelectMany(r => r.Actions)).Any(a => a.TargetGroupArns.Contains(targetGroup.Arn)))
                .Select(l => l.LoadBalancerArn)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(arn => LoadBalancers.FindIndex(lb => lb.Arn == arn))
                .ToList();

        // ---- Listeners ------------------------------------------------------------------------------------------

        internal Listener CreateListener(string loadBalancerArn, ListenerDefinition definition)
        {
            LoadBalancer loadBalancer = GetLoadBalancer(loadBalancerArn);
            if (definition.Port == null)
            {
                throw Validation("A listener port must be specified");
            }

            if (definition.Protocol == null)
            {
                throw Validation("A listener protocol must be specified");
            }

            Listener? existing = Listeners.FirstOrDefault(l => l.LoadBalancerArn == loadBalancerArn && l.Port == definition.Port);
            if (existing != null)
            {
                if (_fingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
                {
                    return existing;
                }

                throw new AwsErrorException("DuplicateListener", "A listener already exists on this port for this load balancer");
            }

            string listenerId = _world.Ids.Hex(16);
            var listener = new Listener($"{ArnPrefix}listener/{loadBalancer.ResourcePath}/{listenerId}", loadBalancerArn,
                $"{ArnPrefix}listener-rule/{loadBalancer.ResourcePath}/{listenerId}/{_world.Ids.Hex(16)}");
            CheckTags(definition.Tags, new TagSet());
            Apply(listener, loadBalancer, definition, creating: true);
            listener.Tags.SetAll(definition.Tags);
            Listeners.Add(listener);
            _fingerprints[listener.Arn] = definition.Fingerprint;
            return listener;
        }

        internal Listener ModifyListener(string listenerArn, ListenerDefinition change)
        {
            Listener listener = GetListener(listenerArn);
            LoadBalancer loadBalancer = GetLoadBalancer(listener.LoadBalancerArn);
            if (change.Port != null && change.Port != listener.Port
                && Listeners.Any(l => l.LoadBalancerArn == listener.LoadBalancerArn && l.Port == change.Port))
            {
                throw new AwsErrorException("DuplicateListener", "A listener already exists on this port for this load balancer");
            }

            Apply(listener, loadBalancer, change, creating: false);
            _fingerprints.Remove(listener.Arn);
            return listener;
        }

        internal IReadOnlyList<Listener> DescribeListeners(string? loadBalancerArn, IReadOnlyList<string> listenerArns)
        {
            if (loadBalancerArn == null && listenerArns.Count == 0)
            {
                throw Validation("You must specify either listener ARNs or a load balancer ARN");
            }

            if (loadBalancerArn != null && listenerArns.Count > 0)
            {
                throw Validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
            }

            if (loadBalancerArn != null)
            {
                GetLoadBalancer(loadBalancerArn);
                return Listeners.Where(l => l.LoadBalancerArn == loadBalancerArn).OrderBy(l => l.Port).ToList();
            }

            return listenerArns.Distinct(StringComparer.Ordinal).Select(GetListener).ToList();
        }

        internal Listener GetListener(string arn) =>
            Listeners.FirstOrDefault(l => l.Arn == arn)
            ?? throw new AwsErrorException("ListenerNotFound", $"Listener '{arn}' not found");

        internal void DeleteListener(string arn)
        {
            Listener listener = GetListener(arn);
            Listeners.Remove(listener);
            _fingerprints.Remove(arn);
        }

        // ---- Rules ----------------------------------------------------------------------------------------------

        internal ListenerRule CreateRule(string listenerArn, int priority, IReadOnlyList<RuleCondition> conditions, IReadOnlyList<RuleAction> actions,
            IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            Listener listener = GetListener(listenerArn);
            LoadBalancer loadBalancer = GetLoadBalancer(listener.LoadBalancerArn);
            if (priority < 1 || priority > 50000)
            {
                throw Validation($"Priority '{priority}' must be between 1 and 50000");
            }

            if (listener.Rules.Any(r => r.Priority == priority))
            {
                throw new AwsErrorException("PriorityInUse", $"Priority '{priority}' is currently in use");
            }

            ValidateConditions(conditions);
            ValidateActions(actions, loadBalancer, listener.Protocol);
            CheckTags(tags, new TagSet());
            if (listener.Rules.Count >= 100)
            {
                throw new AwsErrorException("TooManyRules", "The maximum number of rules for this listener has been reached");
            }

            var rule = new ListenerRule($"{ArnPrefix}listener-rule/{loadBalancer.ResourcePath}/{LastSegment(listener.Arn)}/{_world.Ids.Hex(16)}", listenerArn, priority)
            {
                Conditions = conditions,
                Actions = Ordered(actions),
            };
            rule.Tags.SetAll(tags);
            listener.Rules.Add(rule);
            return rule;
        }

        /// <summary>Changes a rule's conditions and/or actions. The default rule's actions are its listener's default actions.</summary>
        internal DescribedRule ModifyRule(string ruleArn, IReadOnlyList<RuleCondition>? conditions, IReadOnlyList<RuleAction>? actions)
        {
            Listener? owner = Listeners.FirstOrDefault(l => l.DefaultRuleArn == ruleArn);
            if (owner != null)
            {
                if (conditions != null && conditions.Count > 0)
                {
                    throw new AwsErrorException("OperationNotPermitted", "Conditions cannot be specified for the default rule");
                }

                if (actions != null)
                {
                    ValidateActions(actions, GetLoadBalancer(owner.LoadBalancerArn), owner.Protocol);
                    owner.DefaultActions = Ordered(actions);
                    _fingerprints.Remove(owner.Arn);
                }

                return Describe(owner, null);
            }

            ListenerRule rule = FindRule(ruleArn);
            Listener listener = GetListener(rule.ListenerArn);
            if (conditions != null)
            {
                ValidateConditions(conditions);
            }

            if (actions != null)
            {
                ValidateActions(actions, GetLoadBalancer(listener.LoadBalancerArn), listener.Protocol);
            }

            if (conditions != null)
            {
                rule.Conditions = conditions;
            }

            if (actions != null)
            {
                rule.Actions = Ordered(actions);
            }

            return Describe(listener, rule);
        }

        internal IReadOnlyList<DescribedRule> DescribeRules(string? listenerArn, IReadOnlyList<string> ruleArns)
        {
            if (listenerArn == null && ruleArns.Count == 0)
            {
                throw Validation("You must specify either listener ARN or rule ARNs");
            }

            if (listenerArn != null && ruleArns.Count > 0)
            {
                throw Validation("Listener ARN and rule ARNs cannot be specified at the same time");
            }

            if (listenerArn != null)
            {
                Listener listener = GetListener(listenerArn);
                return listener.Rules.OrderBy(r => r.Priority).Select(r => Describe(listener, r))
                    .Concat(new[] { Describe(listener, null) })
                    .ToList();
            }

            var rules = new List<DescribedRule>();
            foreach (string arn in ruleArns.Distinct(StringComparer.Ordinal))
            {
                Listener? owner = Listeners.FirstOrDefault(l => l.DefaultRuleArn == arn);
                if (owner != null)
                {
                    rules.Add(Describe(owner, null));
                    continue;
                }

                ListenerRule rule = FindRule(arn);
                rules.Add(Describe(GetListener(rule.ListenerArn), rule));
            }

            return rules;
        }

        internal void DeleteRule(string ruleArn)
        {
            if (Listeners.Any(l => l.DefaultRuleArn == ruleArn))
            {
                throw new AwsErrorException("OperationNotPermitted", "Default rule cannot be deleted");
            }

            ListenerRule rule = FindRule(ruleArn);
            GetListener(rule.ListenerArn).Rules.Remove(rule);
        }

        private ListenerRule FindRule(string arn) =>
            Listeners.SelectMany(l => l.Rules).FirstOrDefault(r => r.Arn == arn)
            ?? throw new AwsErrorException("RuleNotFound", $"One or more rules not found");

        private static DescribedRule Describe(Listener listener, ListenerRule? rule) =>
            rule == null
                ? new DescribedRule(listener.DefaultRuleArn, "default", new List<RuleCondition>(), listener.DefaultActions, isDefault: true)
                : new DescribedRule(rule.Arn, rule.Priority.ToString(CultureInfo.InvariantCulture), rule.Conditions, rule.Actions, isDefault: false);

        // ---- Targets --------------------------------------------------------------------------------------------

        internal void RegisterTargets(string targetGroupArn, IReadOnlyList<KeyValuePair<string, int?>> targets, DateTimeOffset? registeredAt = null)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            ValidateTargets(targetGroup, targets, registering: true);
            DateTimeOffset now = registeredAt ?? _world.Now;
            ForgetDrainedTargets(targetGroup);
            foreach (KeyValuePair<string, int?> target in targets)
            {
                int port = target.Value ?? targetGroup.Port ?? 0;
                RegisteredTarget? registered = targetGroup.Targets.FirstOrDefault(t => t.Matches(target.Key, port));
                if (registered == null)
                {
                    string? zone = _world.Compute.Find(target.Key)?.AvailabilityZone;
                    targetGroup.Targets.Add(new RegisteredTarget(target.Key, port, zone, now));
                }
                else if (registered.DeregisteredAt != null)
                {
                    registered.DeregisteredAt = null;
                    registered.RegisteredAt = now;
                    registered.HealthOverride = null;
                    registered.Checks = null;
                }
            }

            if (targetGroup.Targets.Count(t => t.DeregisteredAt == null) > 1000)
            {
                throw new AwsErrorException("TooManyTargets", "You've reached the limit on the number of targets");
            }
        }

        internal void DeregisterTargets(string targetGroupArn, IReadOnlyList<KeyValuePair<string, int?>> targets)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            ValidateTargets(targetGroup, targets, registering: false);
            ForgetDrainedTargets(targetGroup);
            var notRegistered = new List<string>();
            foreach (KeyValuePair<string, int?> target in targets)
            {
                RegisteredTarget? registered = targetGroup.Targets.FirstOrDefault(t => t.DeregisteredAt == null
                    && t.Id == target.Key && (target.Value == null || t.Port == target.Value));
                if (registered == null)
                {
                    notRegistered.Add(target.Key);
                }
            }

            if (notRegistered.Count > 0)
            {
                throw new AwsErrorException("InvalidTarget", $"The following targets are not registered in target group '{targetGroupArn}': '{string.Join("', '", notRegistered)}'");
            }

            DateTimeOffset now = _world.Now;
            foreach (KeyValuePair<string, int?> target in targets)
            {
                foreach (RegisteredTarget registered in targetGroup.Targets.Where(t => t.DeregisteredAt == null && t.Id == target.Key && (target.Value == null || t.Port == target.Value)))
                {
                    registered.DeregisteredAt = now;
                }
            }
        }

        internal IReadOnlyList<TargetHealthReport> DescribeTargetHealth(string targetGroupArn, IReadOnlyList<KeyValuePair<string, int?>> targets)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            List<RegisteredTarget> present = VisibleTargets(targetGroup).ToList();
            if (targets.Count == 0)
            {
                return present.Select(t => Report(targetGroup, t)).ToList();
            }

            ValidateTargets(targetGroup, targets, registering: false);
            var reports = new List<TargetHealthReport>();
            foreach (KeyValuePair<string, int?> target in targets)
            {
                List<RegisteredTarget> matches = present.Where(t => t.Id == target.Key && (target.Value == null || t.Port == target.Value)).ToList();
                if (matches.Count == 0)
                {
                    int? port = target.Value ?? targetGroup.Port;
                    reports.Add(new TargetHealthReport(target.Key, port, null, HealthCheckPortOf(targetGroup, port),
                        new TargetHealth("unused", "Target.NotRegistered")));
                }

                reports.AddRange(matches.Select(t => Report(targetGroup, t)));
            }

            return reports;
        }

        /// <summary>Sets (or with null, clears) a target's health explicitly, as a real health check result would.</summary>
        internal void SetGroupHealth(string targetGroupArn, TargetHealth? health) => GetTargetGroup(targetGroupArn).HealthDefault = health;

        internal void SetTargetHealth(string targetGroupArn, string targetId, int? port, TargetHealth? health)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            List<RegisteredTarget> matches = VisibleTargets(targetGroup)
                .Where(t => t.Id == targetId && t.DeregisteredAt == null && (port == null || t.Port == port)).ToList();
            if (matches.Count == 0)
            {
                throw new AwsErrorException("InvalidTarget", $"Target '{targetId}' is not registered in target group '{targetGroupArn}'");
            }

            foreach (RegisteredTarget target in matches)
            {
                target.HealthOverride = health;
            }
        }

        /// <summary>
        /// A target's health now: draining after deregistration; <c>unused</c> when no listener forwards to its group or its
        /// instance is not running; an explicitly set health; <c>unavailable</c> with health checks off; otherwise
        /// <c>initial</c> for the registration time, then <c>healthy</c>.
        /// </summary>
        internal TargetHealth HealthOf(TargetGroup targetGroup, RegisteredTarget target)
        {
            DateTimeOffset now = _world.Now;
            if (target.DeregisteredAt != null)
            {
                return new TargetHealth("draining", "Target.DeregistrationInProgress");
            }

            if (LoadBalancerArnsOf(targetGroup).Count == 0)
            {
                return new TargetHealth("unused", "Target.NotInUse");
            }

            if (targetGroup.TargetType == "instance")
            {
                Ec2Instance? instance = _world.Compute.Find(target.Id);
                if (instance != null && _world.Compute.StateOf(instance) != InstanceState.Running)
                {
                    return new TargetHealth("unused", "Target.InvalidState");
                }
            }

            if (target.HealthOverride != null)
            {
                return target.HealthOverride;
            }

            if (targetGroup.HealthDefault != null)
            {
                return targetGroup.HealthDefault;
            }

            if (!targetGroup.HealthCheck.Enabled)
            {
                return new TargetHealth("unavailable", "Target.HealthCheckDisabled");
            }

            if (LocalEndpointOf(targetGroup, target) != null)
            {
                // A real server on this machine: what its health checks found (see Health.HealthChecker).
                return target.Checks?.Health ?? new TargetHealth("initial", "Elb.InitialHealthChecking");
            }

            return now < target.RegisteredAt + _world.Options.TargetRegistrationTime
                ? new TargetHealth("initial", "Elb.RegistrationInProgress")
                : new TargetHealth("healthy");
        }

        /// <summary>
        /// Where a target really is when it is on this machine: an <c>ip</c> target in 127.0.0.0/8, or an instance whose
        /// private IP is; null for the simulated machines elsewhere (never contacted: they follow the timeline).
        /// </summary>
        internal System.Net.IPEndPoint? LocalEndpointOf(TargetGroup targetGroup, RegisteredTarget target)
        {
            string? address = targetGroup.TargetType switch
            {
                "ip" => target.Id,
                "instance" => _world.Compute.Find(target.Id)?.PrivateIpAddress,
                _ => null,
            };
            return address != null && System.Net.IPAddress.TryParse(address, out System.Net.IPAddress? ip)
                && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && System.Net.IPAddress.IsLoopback(ip) && target.Port > 0
                ? new System.Net.IPEndPoint(ip, target.Port)
                : null;
        }

        /// <summary>The port health checks go to: the target's (traffic-port) or the group's health check port.</summary>
        internal static int HealthCheckPortNumberOf(TargetGroup targetGroup, RegisteredTarget target) =>
            targetGroup.HealthCheck.Port == "traffic-port" ? target.Port : int.Parse(targetGroup.HealthCheck.Port, CultureInfo.InvariantCulture);

        /// <summary>Registered targets and those still draining; drained ones are gone.</summary>
        internal IEnumerable<RegisteredTarget> VisibleTargets(TargetGroup targetGroup)
        {
            DateTimeOffset now = _world.Now;
            TimeSpan delay = DeregistrationDelayOf(targetGroup);
            return targetGroup.Targets.Where(t => t.DeregisteredAt == null || now < t.DeregisteredAt + delay);
        }

        /// <summary>The group's <c>deregistration_delay.timeout_seconds</c>, else the sandbox's <see cref="SandboxOptions.DeregistrationDelay"/>.</summary>
        internal TimeSpan DeregistrationDelayOf(TargetGroup targetGroup) =>
            targetGroup.Attributes.TryGetValue(DeregistrationDelayAttribute, out string? seconds)
                ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))
                : _world.Options.DeregistrationDelay;

        // ---- Target group attributes ----------------------------------------------------------------------------

        internal const string DeregistrationDelayAttribute = "deregistration_delay.timeout_seconds";

        /// <summary>An ALB target group's attributes with ELBv2's defaults (the deregistration delay: the sandbox's own).</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> DescribeTargetGroupAttributes(string targetGroupArn)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [DeregistrationDelayAttribute] = ((int)Math.Round(_world.Options.DeregistrationDelay.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                ["stickiness.enabled"] = "false",
                ["stickiness.type"] = "lb_cookie",
                ["stickiness.lb_cookie.duration_seconds"] = "86400",
                ["slow_start.duration_seconds"] = "0",
                ["load_balancing.algorithm.type"] = "round_robin",
            };
            foreach (KeyValuePair<string, string> attribute in targetGroup.Attributes)
            {
                attributes[attribute.Key] = attribute.Value;
            }

            return attributes.ToList();
        }

        /// <summary>Sets attributes; the data plane honours the deregistration delay, the others are stored and reported.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> ModifyTargetGroupAttributes(string targetGroupArn, IReadOnlyList<KeyValuePair<string, string>> attributes)
        {
            TargetGroup targetGroup = GetTargetGroup(targetGroupArn);
            IReadOnlyList<KeyValuePair<string, string>> known = DescribeTargetGroupAttributes(targetGroupArn);
            foreach (KeyValuePair<string, string> attribute in attributes)
            {
                if (known.All(k => k.Key != attribute.Key))
                {
                    throw Validation($"The attribute key '{attribute.Key}' is not recognized");
                }

                if (attribute.Key == DeregistrationDelayAttribute
                    && (!int.TryParse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > 3600))
                {
                    throw Validation($"The value of '{DeregistrationDelayAttribute}' must be between 0 and 3600 seconds, not '{attribute.Value}'");
                }
            }

            foreach (KeyValuePair<string, string> attribute in attributes)
            {
                targetGroup.Attributes[attribute.Key] = attribute.Value;
            }

            return DescribeTargetGroupAttributes(targetGroupArn);
        }

        private TargetHealthReport Report(TargetGroup targetGroup, RegisteredTarget target) =>
            new TargetHealthReport(target.Id, targetGroup.TargetType == "lambda" ? (int?)null : target.Port, target.AvailabilityZone,
                HealthCheckPortOf(targetGroup, target.Port), HealthOf(targetGroup, target));

        private static string? HealthCheckPortOf(TargetGroup targetGroup, int? port) =>
            targetGroup.TargetType == "lambda" ? null
            : targetGroup.HealthCheck.Port == "traffic-port" ? port?.ToString(CultureInfo.InvariantCulture)
            : targetGroup.HealthCheck.Port;

        private void ForgetDrainedTargets(TargetGroup targetGroup)
        {
            var visible = new HashSet<RegisteredTarget>(VisibleTargets(targetGroup));
            targetGroup.Targets.RemoveAll(t => !visible.Contains(t));
        }

        private void ValidateTargets(TargetGroup targetGroup, IReadOnlyList<KeyValuePair<string, int?>> targets, bool registering)
        {
            foreach (KeyValuePair<string, int?> target in targets)
            {
                if (target.Value != null)
                {
                    RequirePort(target.Value.Value, "port");
                }
                else if (registering && targetGroup.Port == null && targetGroup.TargetType != "lambda")
                {
                    throw Validation($"A port must be specified for target '{target.Key}'");
                }
            }

            if (targetGroup.TargetType == "instance")
            {
                var invalid = targets.Select(t => t.Key).Where(id => _world.Compute.Find(id) == null).ToList();
                if (invalid.Count > 0)
                {
                    throw new AwsErrorException("InvalidTarget", $"The following targets are not valid instances: '{string.Join("', '", invalid)}'");
                }

                if (registering)
                {
                    var notRunning = targets.Select(t => _world.Compute.Find(t.Key)!)
                        .Where(i => _world.Compute.StateOf(i) != InstanceState.Running && _world.Compute.StateOf(i) != InstanceState.Pending)
                        .Select(i => i.InstanceId).ToList();
                    if (notRunning.Count > 0)
                    {
                        throw new AwsErrorException("InvalidTarget", $"The following targets are not in a running state and cannot be registered: '{string.Join("', '", notRunning)}'");
                    }
                }
            }
            else if (targetGroup.TargetType == "ip")
            {
                var invalid = targets.Select(t => t.Key).Where(id => !System.Net.IPAddress.TryParse(id, out _)).ToList();
                if (invalid.Count > 0)
                {
                    throw new AwsErrorException("InvalidTarget", $"The following targets are not valid IP addresses: '{string.Join("', '", invalid)}'");
                }
            }
        }

        // ---- Tags -----------------------------------------------------------------------------------------------

        internal TagSet TagsOf(string arn)
        {
            if (arn.StartsWith(ArnPrefix + "loadbalancer/", StringComparison.Ordinal))
            {
                return GetLoadBalancer(arn).Tags;
            }

            if (arn.StartsWith(ArnPrefix + "targetgroup/", StringComparison.Ordinal))
            {
                return GetTargetGroup(arn).Tags;
            }

            if (arn.StartsWith(ArnPrefix + "listener/", StringComparison.Ordinal))
            {
                return GetListener(arn).Tags;
            }

            if (arn.StartsWith(ArnPrefix + "listener-rule/", StringComparison.Ordinal))
            {
                Listener? owner = Listeners.FirstOrDefault(l => l.DefaultRuleArn == arn);
                return owner != null ? owner.DefaultRuleTags : FindRule(arn).Tags;
            }

            throw Validation($"'{arn}' is not a valid load balancer, target group, listener or rule ARN");
        }

        internal void AddTags(IReadOnlyList<string> arns, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            List<TagSet> sets = arns.Select(TagsOf).ToList();
            foreach (TagSet set in sets)
            {
                CheckTags(tags, set);
            }

            foreach (TagSet set in sets)
            {
                set.SetAll(tags);
            }
        }

        internal void RemoveTags(IReadOnlyList<string> arns, IReadOnlyList<string> keys)
        {
            List<TagSet> sets = arns.Select(TagsOf).ToList();
            foreach (TagSet set in sets)
            {
                foreach (string key in keys)
                {
                    set.Remove(key);
                }
            }
        }

        private static void CheckTags(IReadOnlyList<KeyValuePair<string, string>> tags, TagSet existing)
        {
            string? duplicate = tags.GroupBy(t => t.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefault();
            if (duplicate != null)
            {
                throw new AwsErrorException("DuplicateTagKeys", $"Tag key '{duplicate}' is duplicated");
            }

            foreach (KeyValuePair<string, string> tag in tags)
            {
                if (tag.Key.Length == 0 || tag.Key.Length > 128 || tag.Value.Length > 256)
                {
                    throw Validation($"Tag key '{tag.Key}' must be 1-128 characters and its value at most 256 characters");
                }

                if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                {
                    throw Validation("Tag keys starting with 'aws:' are reserved for internal use");
                }
            }

            if (existing.CountAfterAdding(tags) > 50)
            {
                throw new AwsErrorException("TooManyTags", "You've reached the limit on the number of tags for this resource");
            }
        }

        // ---- Actions, conditions and listener settings ----------------------------------------------------------

        private void Apply(Listener listener, LoadBalancer loadBalancer, ListenerDefinition definition, bool creating)
        {
            int port = definition.Port ?? listener.Port;
            string protocol = definition.Protocol ?? listener.Protocol;
            if (loadBalancer.Type == "application" && !ApplicationProtocols.Contains(protocol))
            {
                throw new AwsErrorException("UnsupportedProtocol", $"Protocol '{protocol}' is not supported for Application Load Balancers");
            }

            IReadOnlyList<ListenerCertificate> certificates = definition.Certificates ?? listener.Certificates;
            bool secure = protocol == "HTTPS" || protocol == "TLS";
            if (secure && certificates.Count == 0)
            {
                throw new AwsErrorException("CertificateNotFound", "A certificate must be specified for HTTPS listeners");
            }

            foreach (ListenerCertificate certificate in certificates)
            {
                if (!certificate.CertificateArn.StartsWith("arn:aws:acm:", StringComparison.Ordinal) && !certificate.CertificateArn.StartsWith("arn:aws:iam:", StringComparison.Ordinal))
                {
                    throw new AwsErrorException("CertificateNotFound", $"Certificate '{certificate.CertificateArn}' not found");
                }
            }

            if (creating && definition.DefaultActions == null)
            {
                throw Validation("Default actions must be specified");
            }

            if (definition.DefaultActions != null)
            {
                ValidateActions(definition.DefaultActions, loadBalancer, protocol);
            }

            listener.Port = port;
            listener.Protocol = protocol;
            listener.Certificates = secure ? certificates : new List<ListenerCertificate>();
            listener.SslPolicy = secure ? definition.SslPolicy ?? listener.SslPolicy ?? "ELBSecurityPolicy-2016-08" : null;
            listener.AlpnPolicy = definition.AlpnPolicy ?? listener.AlpnPolicy;
            if (definition.DefaultActions != null)
            {
                listener.DefaultActions = Ordered(definition.DefaultActions);
            }
        }

        private void ValidateActions(IReadOnlyList<RuleAction> actions, LoadBalancer loadBalancer, string protocol)
        {
            if (actions.Count == 0)
            {
                throw Validation("At least one action must be specified");
            }

            if (actions.Count > 5)
            {
                throw new AwsErrorException("TooManyActions", "You've reached the limit on the number of actions per rule");
            }

            if (actions.Any(a => a.Order == null) && actions.Count > 1)
            {
                throw Validation("An action order must be specified when there is more than one action");
            }

            if (actions.Where(a => a.Order != null).GroupBy(a => a.Order).Any(g => g.Count() > 1))
            {
                throw Validation("Action orders must be unique");
            }

            List<RuleAction> ordered = Ordered(actions).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                bool last = i == ordered.Count - 1;
                if (ordered[i].IsTerminal != last)
                {
                    throw new AwsErrorException("InvalidLoadBalancerAction",
                        "The last action must be one of forward, redirect or fixed-response, and only the last action can be one of them");
                }

                if (!ordered[i].IsTerminal && loadBalancer.Type == "application" && protocol != "HTTPS")
                {
                    throw new AwsErrorException("InvalidLoadBalancerAction", "Authenticate actions are supported only on HTTPS listeners");
                }
            }

            var foreign = new List<string>();
            foreach (string arn in actions.SelectMany(a => a.TargetGroupArns).Distinct(StringComparer.Ordinal))
            {
                TargetGroup targetGroup = GetTargetGroup(arn);
                if (LoadBalancerArnsOf(targetGroup).Any(lb => lb != loadBalancer.Arn) && loadBalancer.Type == "application")
                {
                    foreign.Add(arn);
                }

                if (targetGroup.VpcId != null && targetGroup.VpcId != loadBalancer.VpcId)
                {
                    throw Validation($"Target group '{arn}' is not in the load balancer's VPC '{loadBalancer.VpcId}'");
                }

                if (loadBalancer.Type == "application" && targetGroup.Protocol != null && !ApplicationProtocols.Contains(targetGroup.Protocol))
                {
                    throw new AwsErrorException("IncompatibleProtocols", $"The target group protocol '{targetGroup.Protocol}' is not compatible with an Application Load Balancer");
                }
            }

            if (foreign.Count > 0)
            {
                throw new AwsErrorException("TargetGroupAssociationLimit",
                    $"The following target groups cannot be associated with more than one load balancer: '{string.Join("', '", foreign)}'");
            }
        }

        private static void ValidateConditions(IReadOnlyList<RuleCondition> conditions)
        {
            if (conditions.Count == 0)
            {
                throw Validation("At least one condition must be specified");
            }

            foreach (IGrouping<string, RuleCondition> field in conditions.GroupBy(c => c.Field))
            {
                if (field.Key != RuleCondition.HttpHeader && field.Key != RuleCondition.QueryString && field.Count() > 1)
                {
                    throw Validation($"A rule can have only one '{field.Key}' condition");
                }
            }

            int values = conditions.Sum(c => Math.Max(c.Values.Count, c.QueryStrings.Count));
            if (values > 5)
            {
                throw Validation("A rule can have at most 5 condition values");
            }
        }

        private static IReadOnlyList<RuleAction> Ordered(IReadOnlyList<RuleAction> actions) =>
            actions.OrderBy(a => a.Order ?? 0).ToList();

        private IEnumerable<RuleAction> AllActions() =>
            Listeners.SelectMany(l => l.DefaultActions.Concat(l.Rules.SelectMany(r => r.Actions)));

        // ---- Helpers --------------------------------------------------------------------------------------------

        internal static AwsErrorException Validation(string message) => new AwsErrorException("ValidationError", message);

        private static void ValidateName(string name, string kind)
        {
            if (!ResourceNamePattern.IsMatch(name))
            {
                throw Validation($"The {kind} name '{name}' must have 1-32 alphanumeric characters or hyphens, and must not begin or end with a hyphen");
            }
        }

        private static void Require(string value, string member, params string[] allowed)
        {
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                throw Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            }
        }

        private static void RequirePort(int port, string member)
        {
            if (port < 1 || port > 65535)
            {
                throw Validation($"1 validation error detected: Value '{port}' at '{member}' failed to satisfy constraint: Member must have value between 1 and 65535");
            }
        }

        private static int ParseInt(string text, string member) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw Validation($"Value '{text}' at '{member}' is not a valid number");

        private static string LastSegment(string arn) => arn.Substring(arn.LastIndexOf('/') + 1);
    }
}
