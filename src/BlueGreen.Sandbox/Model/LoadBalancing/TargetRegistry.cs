using System.Globalization;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// The targets registered in the sandbox's target groups: registration and deregistration (with draining), their
    /// health as ELBv2 reports it (the timeline, an explicit health, or what the health checks of a real local server
    /// found), where a local target really is, and the groups' attributes.
    /// </summary>
    internal sealed class TargetRegistry(LoadBalancingState state)
    {
        private readonly LoadBalancingState _state = state;

        internal void RegisterTargets(string targetGroupArn, IReadOnlyList<KeyValuePair<string, int?>> targets, DateTimeOffset? registeredAt = null)
        {
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
            ValidateTargets(targetGroup, targets, registering: true);
            DateTimeOffset now = registeredAt ?? _state.World.Now;
            ForgetDrainedTargets(targetGroup);
            foreach (KeyValuePair<string, int?> target in targets)
            {
                int port = target.Value ?? targetGroup.Port ?? 0;
                RegisteredTarget? registered = targetGroup.Targets.FirstOrDefault(t => t.Matches(target.Key, port));
                if (registered == null)
                {
                    string? zone = _state.World.Compute.Find(target.Key)?.AvailabilityZone;
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
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
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

            DateTimeOffset now = _state.World.Now;
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
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
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
        internal void SetGroupHealth(string targetGroupArn, TargetHealth? health) => _state.GetTargetGroup(targetGroupArn).HealthDefault = health;

        internal void SetTargetHealth(string targetGroupArn, string targetId, int? port, TargetHealth? health)
        {
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
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
            DateTimeOffset now = _state.World.Now;
            if (target.DeregisteredAt != null)
            {
                return new TargetHealth("draining", "Target.DeregistrationInProgress");
            }

            if (_state.LoadBalancerArnsOf(targetGroup).Count == 0)
            {
                return new TargetHealth("unused", "Target.NotInUse");
            }

            if (targetGroup.TargetType == "instance")
            {
                Ec2Instance? instance = _state.World.Compute.Find(target.Id);
                if (instance != null && _state.World.Compute.StateOf(instance) != InstanceState.Running)
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

            return now < target.RegisteredAt + _state.World.Options.TargetRegistrationTime
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
                "instance" => _state.World.Compute.Find(target.Id)?.PrivateIpAddress,
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
            DateTimeOffset now = _state.World.Now;
            TimeSpan delay = DeregistrationDelayOf(targetGroup);
            return targetGroup.Targets.Where(t => t.DeregisteredAt == null || now < t.DeregisteredAt + delay);
        }

        /// <summary>The group's <c>deregistration_delay.timeout_seconds</c>, else the sandbox's <see cref="SandboxOptions.DeregistrationDelay"/>.</summary>
        internal TimeSpan DeregistrationDelayOf(TargetGroup targetGroup) =>
            targetGroup.Attributes.TryGetValue(DeregistrationDelayAttribute, out string? seconds)
                ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))
                : _state.World.Options.DeregistrationDelay;

        // ---- Target group attributes ----------------------------------------------------------------------------

        internal const string DeregistrationDelayAttribute = "deregistration_delay.timeout_seconds";

        /// <summary>An ALB target group's attributes with ELBv2's defaults (the deregistration delay: the sandbox's own).</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> DescribeTargetGroupAttributes(string targetGroupArn)
        {
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [DeregistrationDelayAttribute] = ((int)Math.Round(_state.World.Options.DeregistrationDelay.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
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
            TargetGroup targetGroup = _state.GetTargetGroup(targetGroupArn);
            IReadOnlyList<KeyValuePair<string, string>> known = DescribeTargetGroupAttributes(targetGroupArn);
            foreach (KeyValuePair<string, string> attribute in attributes)
            {
                if (known.All(k => k.Key != attribute.Key))
                {
                    throw ElbV2Validation.Error($"The attribute key '{attribute.Key}' is not recognized");
                }

                if (attribute.Key == DeregistrationDelayAttribute
                    && (!int.TryParse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > 3600))
                {
                    throw ElbV2Validation.Error($"The value of '{DeregistrationDelayAttribute}' must be between 0 and 3600 seconds, not '{attribute.Value}'");
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
                    ElbV2Validation.Port(target.Value.Value, "port");
                }
                else if (registering && targetGroup.Port == null && targetGroup.TargetType != "lambda")
                {
                    throw ElbV2Validation.Error($"A port must be specified for target '{target.Key}'");
                }
            }

            if (targetGroup.TargetType == "instance")
            {
                var invalid = targets.Select(t => t.Key).Where(id => _state.World.Compute.Find(id) == null).ToList();
                if (invalid.Count > 0)
                {
                    throw new AwsErrorException("InvalidTarget", $"The following targets are not valid instances: '{string.Join("', '", invalid)}'");
                }

                if (registering)
                {
                    var notRunning = targets.Select(t => _state.World.Compute.Find(t.Key)!)
                        .Where(i => _state.World.Compute.StateOf(i) != InstanceState.Running && _state.World.Compute.StateOf(i) != InstanceState.Pending)
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
    }
}
