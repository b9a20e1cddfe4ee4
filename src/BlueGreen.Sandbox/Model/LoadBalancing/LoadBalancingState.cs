using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// The ELBv2 resources of the sandbox: its load balancers, target groups and listeners, the load balancer and target
    /// group operations with ELBv2's validation, idempotency and error codes, and the lookups the other parts share
    /// (<see cref="Routing"/> for listeners and rules, <see cref="Targets"/> for registration and health,
    /// <see cref="Tags"/>). Callers hold <see cref="SandboxWorld.Gate"/>.
    /// </summary>
    internal sealed class LoadBalancingState
    {
        internal LoadBalancingState(SandboxWorld world)
        {
            World = world;
            Routing = new ListenerRouting(this);
            Targets = new TargetRegistry(this);
            Tags = new ResourceTags(this);
        }

        internal List<LoadBalancer> LoadBalancers { get; } = new List<LoadBalancer>();

        internal List<TargetGroup> TargetGroups { get; } = new List<TargetGroup>();

        internal List<Listener> Listeners { get; } = new List<Listener>();

        /// <summary>Listeners and their rules: create, modify, describe, delete.</summary>
        internal ListenerRouting Routing { get; }

        /// <summary>The targets registered in the groups, and their health.</summary>
        internal TargetRegistry Targets { get; }

        /// <summary>The tags of every ELBv2 resource, by ARN.</summary>
        internal ResourceTags Tags { get; }

        internal SandboxWorld World { get; }

        /// <summary>
        /// What each load balancer, target group and listener was created with (the request's fingerprint): a Create
        /// repeated with the same settings returns the resource, as ELBv2 does; a modification forgets it.
        /// </summary>
        internal Dictionary<string, string> CreationFingerprints { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        internal string ArnPrefix => $"arn:aws:elasticloadbalancing:{World.Network.Region}:{World.Network.AccountId}:";

        // ---- Load balancers -------------------------------------------------------------------------------------

        internal LoadBalancer CreateLoadBalancer(LoadBalancerDefinition definition, DateTimeOffset? createdTime = null)
        {
            ElbV2Validation.Name(definition.Name, "load balancer");
            if (definition.Name.StartsWith("internal-", StringComparison.Ordinal))
            {
                throw ElbV2Validation.Error($"Load balancer name '{definition.Name}' cannot begin with 'internal-'");
            }

            LoadBalancer? existing = LoadBalancers.FirstOrDefault(lb => lb.Name == definition.Name);
            if (existing != null)
            {
                if (CreationFingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
                {
                    return existing;
                }

                throw new AwsErrorException("DuplicateLoadBalancerName", $"A load balancer with the same name '{definition.Name}' exists, but with different settings");
            }

            var zones = new List<LoadBalancerZone>();
            foreach (string subnet in definition.Subnets.Distinct(StringComparer.Ordinal))
            {
                string zone = World.Network.ZoneOfSubnet(subnet)
                    ?? throw new AwsErrorException("SubnetNotFound", $"The subnet ID '{subnet}' is not valid");
                if (zones.Any(z => z.ZoneName == zone))
                {
                    throw new AwsErrorException("InvalidConfigurationRequest", $"A load balancer cannot be attached to multiple subnets in the same Availability Zone");
                }

                zones.Add(new LoadBalancerZone(zone, subnet));
            }

            if (definition.Type == "application" && zones.Count < 2)
            {
                throw ElbV2Validation.Error("At least two subnets in two different Availability Zones must be specified");
            }

            if (zones.Count == 0)
            {
                throw ElbV2Validation.Error("At least one subnet must be specified");
            }

            foreach (string group in definition.SecurityGroups)
            {
                if (group != World.Network.DefaultSecurityGroupId)
                {
                    throw new AwsErrorException("InvalidSecurityGroup", $"Security group '{group}' does not exist");
                }
            }

            ResourceTags.Check(definition.Tags, new TagSet());
            string kind = definition.Type == "application" ? "app" : definition.Type == "network" ? "net" : "gwy";
            string id = World.Ids.Hex(16);
            string dnsPrefix = definition.Scheme == "internal" ? "internal-" : string.Empty;
            var loadBalancer = new LoadBalancer($"{ArnPrefix}loadbalancer/{kind}/{definition.Name}/{id}", definition.Name, definition.Type,
                definition.Scheme, definition.IpAddressType, World.Network.VpcId,
                $"{dnsPrefix}{definition.Name}-{World.Ids.Digits(10)}.{World.Network.Region}.elb.amazonaws.com",
                definition.Type == "application" ? "Z35SXDOTRQ7X7K" : "Z26RNL4JYFTOTI", createdTime ?? World.Now, zones,
                definition.Type == "application"
                    ? (definition.SecurityGroups.Count > 0 ? definition.SecurityGroups : new[] { World.Network.DefaultSecurityGroupId })
                    : definition.SecurityGroups);
            loadBalancer.Tags.SetAll(definition.Tags);
            LoadBalancers.Add(loadBalancer);
            CreationFingerprints[loadBalancer.Arn] = definition.Fingerprint;
            return loadBalancer;
        }

        /// <summary>Load balancers by ARN or name (or all); LoadBalancerNotFound if any asked for is missing.</summary>
        internal IReadOnlyList<LoadBalancer> DescribeLoadBalancers(IReadOnlyList<string> arns, IReadOnlyList<string> names)
        {
            if (arns.Count > 0 && names.Count > 0)
            {
                throw ElbV2Validation.Error("Load balancer names and load balancer ARNs cannot be specified at the same time");
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
                    throw ElbV2Validation.Error($"'{arn}' is not a valid load balancer ARN");
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
            ElbV2Validation.Name(definition.Name, "target group");
            TargetGroup? existing = TargetGroups.FirstOrDefault(tg => tg.Name == definition.Name);
            if (existing != null)
            {
                if (CreationFingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
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
                    throw ElbV2Validation.Error("A protocol must be specified");
                }

                if (definition.Port == null)
                {
                    throw ElbV2Validation.Error("A port must be specified");
                }

                if (definition.VpcId == null)
                {
                    throw ElbV2Validation.Error("A VPC ID must be specified");
                }

                if (definition.VpcId != World.Network.VpcId)
                {
                    throw ElbV2Validation.Error($"The VPC ID '{definition.VpcId}' is not found");
                }
            }

            if (definition.ProtocolVersion != null)
            {
                ElbV2Validation.OneOf(definition.ProtocolVersion, "protocolVersion", "HTTP1", "HTTP2", "GRPC");
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
                ElbV2Validation.Port(ElbV2Validation.Number(check.Port, "healthCheckPort"), "healthCheckPort");
            }

            if (check.IntervalSeconds < 5 || check.IntervalSeconds > 300)
            {
                throw ElbV2Validation.Error($"Health check interval '{check.IntervalSeconds}' must be between 5 and 300 seconds");
            }

            if (check.TimeoutSeconds < 2 || check.TimeoutSeconds > 120 || check.TimeoutSeconds >= check.IntervalSeconds)
            {
                throw ElbV2Validation.Error($"Health check timeout '{check.TimeoutSeconds}' must be between 2 and 120 seconds and smaller than the interval '{check.IntervalSeconds}'");
            }

            if (check.HealthyThresholdCount < 2 || check.HealthyThresholdCount > 10 || check.UnhealthyThresholdCount < 2 || check.UnhealthyThresholdCount > 10)
            {
                throw ElbV2Validation.Error("Health check thresholds must be between 2 and 10");
            }

            ResourceTags.Check(definition.Tags, new TagSet());
            var targetGroup = new TargetGroup($"{ArnPrefix}targetgroup/{definition.Name}/{World.Ids.Hex(16)}", definition.Name, definition.TargetType,
                lambda ? null : definition.Protocol, definition.ProtocolVersion ?? (lambda || definition.Protocol is not ("HTTP" or "HTTPS") ? null : "HTTP1"),
                lambda ? null : definition.Port, lambda ? null : definition.VpcId, definition.IpAddressType, check);
            targetGroup.Tags.SetAll(definition.Tags);
            TargetGroups.Add(targetGroup);
            CreationFingerprints[targetGroup.Arn] = definition.Fingerprint;
            return targetGroup;
        }

        internal IReadOnlyList<TargetGroup> DescribeTargetGroups(string? loadBalancerArn, IReadOnlyList<string> arns, IReadOnlyList<string> names)
        {
            int criteria = (loadBalancerArn != null ? 1 : 0) + (arns.Count > 0 ? 1 : 0) + (names.Count > 0 ? 1 : 0);
            if (criteria > 1)
            {
                throw ElbV2Validation.Error("Load balancer ARN, target group ARNs and target group names cannot be specified at the same time");
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
                    throw ElbV2Validation.Error($"'{arn}' is not a valid target group ARN");
                }

                return;
            }

            if (AllActions().Any(a => a.TargetGroupArns.Contains(arn)))
            {
                throw new AwsErrorException("ResourceInUse", $"Target group '{arn}' is currently in use by a listener or a rule");
            }

            TargetGroups.Remove(targetGroup);
            CreationFingerprints.Remove(arn);
        }

        /// <summary>The load balancers whose listeners or rules forward to the group.</summary>
        internal IReadOnlyList<string> LoadBalancerArnsOf(TargetGroup targetGroup) =>
            Listeners
                .Where(l => l.DefaultActions.Concat(l.Rules.SelectMany(r => r.Actions)).Any(a => a.TargetGroupArns.Contains(targetGroup.Arn)))
                .Select(l => l.LoadBalancerArn)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(arn => LoadBalancers.FindIndex(lb => lb.Arn == arn))
                .ToList();

        // ---- Lookups shared by the parts ----------------------------------------------------------------------

        internal Listener GetListener(string arn) =>
            Listeners.FirstOrDefault(l => l.Arn == arn)
            ?? throw new AwsErrorException("ListenerNotFound", $"Listener '{arn}' not found");

        internal ListenerRule FindRule(string arn) =>
            Listeners.SelectMany(l => l.Rules).FirstOrDefault(r => r.Arn == arn)
            ?? throw new AwsErrorException("RuleNotFound", $"One or more rules not found");

        internal IEnumerable<RuleAction> AllActions() =>
            Listeners.SelectMany(l => l.DefaultActions.Concat(l.Rules.SelectMany(r => r.Actions)));
    }
}
