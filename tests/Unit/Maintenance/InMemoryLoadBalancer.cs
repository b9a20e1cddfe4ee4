using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Diagnostics;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Maintenance
{
    /// <summary>
    /// One load balancer "shop" with the target groups shop-blue and shop-green (<see cref="Groups"/>: tests may remove
    /// or add groups), listeners and their rules in memory, for what maintenance, the traffic reader and the load
    /// balancer preparation call: Describe*, CreateRule (unique priorities 1-50000, at most 100 rules a listener, tags),
    /// ModifyRule, DeleteRule, CreateTargetGroup (unique names, tags), AddTags and the target group attributes.
    /// Failures can be injected per call (<see cref="FailCreateRule"/>, <see cref="FailDeleteRule"/>); they surface as
    /// the failure-translating client would (BlueGreenException "Aws..."). Every change is logged in <see cref="Changes"/>.
    /// </summary>
    internal sealed class InMemoryLoadBalancer : IElasticLoadBalancingV2
    {
        internal const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188";
        internal const string Blue = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef";
        internal const string Green = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/fedcba9876543210";

        private readonly List<Listener> _listeners = new List<Listener>();
        private readonly Dictionary<string, List<Rule>> _rules = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Tag>> _tags = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedDictionary<string, string>> _attributes = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        private int _nextId;

        internal List<string> Changes { get; } = new List<string>();

        /// <summary>Given the listener ARN and priority of a CreateRule, returns an error code to fail with (null: succeed; "Cancelled": as if cancelled).</summary>
        internal Func<string, int, string?> FailCreateRule { get; set; } = (_, _) => null;

        internal Func<string, string?> FailDeleteRule { get; set; } = _ => null;

        internal Dictionary<string, string[]> Targets { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal) { [Blue] = new[] { "i-blue1" }, [Green] = new[] { "i-green1" } };

        /// <summary>The target groups of the account: shop-blue and shop-green (HTTP:80 in vpc-0a1b2c3d, instance targets, health check /health/).</summary>
        internal List<TargetGroup> Groups { get; } = new List<TargetGroup> { NewGroup(Blue, "shop-blue"), NewGroup(Green, "shop-green") };

        /// <summary>The load balancer's type, as DescribeLoadBalancers reports it.</summary>
        internal string LoadBalancerType { get; set; } = "application";

        internal static TargetGroup NewGroup(string arn, string name) => new TargetGroup
        {
            TargetGroupArn = arn,
            TargetGroupName = name,
            Protocol = "HTTP",
            ProtocolVersion = "HTTP1",
            Port = 80,
            VpcId = "vpc-0a1b2c3d",
            TargetType = "instance",
            IpAddressType = "ipv4",
            HealthCheckEnabled = true,
            HealthCheckProtocol = "HTTP",
            HealthCheckPort = "traffic-port",
            HealthCheckPath = "/health/",
            HealthCheckIntervalSeconds = 5,
            HealthCheckTimeoutSeconds = 2,
            HealthyThresholdCount = 2,
            UnhealthyThresholdCount = 2,
            Matcher = new Matcher { HttpCode = "200" },
        };

        /// <summary>Tags a resource (no change logged: this sets up the world).</summary>
        internal void SetTag(string arn, string key, string value)
        {
            List<Tag> tags = _tags.TryGetValue(arn, out List<Tag>? existing) ? existing : _tags[arn] = new List<Tag>();
            tags.RemoveAll(t => t.Key == key);
            tags.Add(new Tag { Key = key, Value = value });
        }

        /// <summary>Sets a target group attribute (no change logged).</summary>
        internal void SetAttribute(string arn, string key, string value) => AttributesOf(arn)[key] = value;

        internal string? AttributeOf(string arn, string key) => AttributesOf(arn).TryGetValue(key, out string? value) ? value : null;

        internal static ElbAction ForwardTo(string arn) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = arn };

        internal static ElbAction Redirect() => new ElbAction { Type = "redirect", RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" } };

        internal static RuleCondition Path(string pattern) => new RuleCondition { Field = ConditionFieldName.PathPattern, PathPatternConfig = new PathPatternConditionConfig { Values = { pattern } } };

        internal static RuleCondition PreviewHeader() =>
            new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-BlueGreen-Preview", Values = { "1" } } };

        internal string AddListener(int port, ElbAction defaultAction)
        {
            string arn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/{port:D5}";
            _listeners.Add(new Listener { ListenerArn = arn, LoadBalancerArn = LoadBalancerArn, Port = port, Protocol = port == 443 ? "HTTPS" : "HTTP", DefaultActions = { defaultAction } });
            _rules[arn] = new List<Rule> { new Rule { RuleArn = arn.Replace(":listener/", ":listener-rule/") + "/default", Priority = "default", IsDefault = true, Actions = { defaultAction } } };
            return arn;
        }

        internal string AddRule(string listenerArn, int priority, RuleCondition condition, ElbAction action, params Tag[] tags)
        {
            Rule rule = NewRule(listenerArn, priority, new[] { condition }, new[] { action });
            _tags[rule.RuleArn!] = tags.ToList();
            return rule.RuleArn!;
        }

        /// <summary>Every listener's rules in priority order, e.g. "00443: 1 http-header fixed?; 2 path-pattern fixed-response 503; default forward".</summary>
        internal string Describe(string listenerArn) =>
            string.Join("; ", _rules[listenerArn].OrderBy(r => r.IsDefault ? int.MaxValue : int.Parse(r.Priority!, CultureInfo.InvariantCulture))
                .Select(r => $"{r.Priority} {string.Join(",", r.Conditions.Select(c => c.Field))} {r.Actions[0].Type}".Replace("  ", " ").Trim()));

        internal IReadOnlyList<Rule> RulesOf(string listenerArn) => _rules[listenerArn];

        internal IReadOnlyList<Tag> TagsOf(string arn) => _tags.TryGetValue(arn, out List<Tag>? tags) ? tags : new List<Tag>();

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            bool found = (names ?? Enumerable.Empty<string>()).Contains("shop") || (loadBalancerArns ?? Enumerable.Empty<string>()).Contains(LoadBalancerArn);
            if (!found)
            {
                throw new BlueGreenException("AwsLoadBalancerNotFound", FailureCategory.ObjectNotFound, "One or more load balancers not found");
            }

            return Task.FromResult<IReadOnlyList<LoadBalancer>>(new[] { new LoadBalancer { LoadBalancerArn = LoadBalancerArn, LoadBalancerName = "shop", Type = LoadBalancerType, DNSName = "shop-1234567890.us-east-1.elb.amazonaws.com" } });
        }

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default)
        {
            IEnumerable<TargetGroup> result = Groups;
            if (names != null && names.Any())
            {
                result = result.Where(g => names.Contains(g.TargetGroupName));
            }

            if (targetGroupArns != null && targetGroupArns.Any())
            {
                result = result.Where(g => targetGroupArns.Contains(g.TargetGroupArn));
            }

            return Task.FromResult<IReadOnlyList<TargetGroup>>(result.ToList());
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Listener>>(_listeners.ToList());

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Rule>>(_rules[listenerArn].ToList());

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TargetHealthDescription>>((Targets.TryGetValue(targetGroupArn, out string[]? ids) ? ids : Array.Empty<string>())
                .Select(id => new TargetHealthDescription { Target = new TargetDescription { Id = id, Port = 80 }, TargetHealth = new TargetHealth { State = "healthy" } }).ToList());

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TagDescription>>(resourceArns.Select(arn => new TagDescription { ResourceArn = arn, Tags = TagsOf(arn).ToList() }).ToList());

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
        {
            int priority = request.Priority ?? throw new ArgumentException("Priority is required.");
            string? failure = FailCreateRule(request.ListenerArn!, priority);
            if (failure == "Cancelled")
            {
                throw new OperationCanceledException("injected cancellation of CreateRule");
            }

            if (failure != null)
            {
                throw new BlueGreenException("Aws" + failure, FailureCategory.InvalidOperation, $"{failure}: injected failure of CreateRule on {request.ListenerArn}");
            }

            if (priority < 1 || priority > 50000)
            {
                throw new BlueGreenException("AwsValidationError", FailureCategory.InvalidArgument, $"Priority '{priority}' must be between 1 and 50000");
            }

            if (_rules[request.ListenerArn!].Any(r => r.Priority == priority.ToString(CultureInfo.InvariantCulture)))
            {
                throw new BlueGreenException("AwsPriorityInUse", FailureCategory.ResourceExists, $"Priority '{priority}' is currently in use");
            }

            if (_rules[request.ListenerArn!].Count(r => !r.IsDefault) >= 100)
            {
                throw new BlueGreenException("AwsTooManyRules", FailureCategory.LimitsExceeded, "The maximum number of rules for this listener has been reached");
            }

            Rule rule = NewRule(request.ListenerArn!, priority, request.Conditions, request.Actions);
            _tags[rule.RuleArn!] = request.Tags.ToList();
            Changes.Add($"create {Port(request.ListenerArn!)} {priority}");
            return Task.FromResult(rule);
        }

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
        {
            string? failure = FailDeleteRule(ruleArn);
            if (failure != null)
            {
                throw new BlueGreenException("Aws" + failure, FailureCategory.InvalidOperation, $"{failure}: injected failure of DeleteRule on {ruleArn}");
            }

            foreach (KeyValuePair<string, List<Rule>> listener in _rules)
            {
                Rule? rule = listener.Value.FirstOrDefault(r => r.RuleArn == ruleArn);
                if (rule != null)
                {
                    listener.Value.Remove(rule);
                    _tags.Remove(ruleArn);
                    Changes.Add($"delete {Port(listener.Key)} {rule.Priority}");
                    return Task.CompletedTask;
                }
            }

            throw new BlueGreenException("AwsRuleNotFound", FailureCategory.ObjectNotFound, "One or more rules not found");
        }

        public void Dispose()
        {
        }

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<ElbAction> defaultActions, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<ElbAction> actions, CancellationToken cancellationToken = default)
        {
            Rule rule = _rules.Values.SelectMany(r => r).FirstOrDefault(r => r.RuleArn == ruleArn)
                ?? throw new BlueGreenException("AwsRuleNotFound", FailureCategory.ObjectNotFound, "One or more rules not found");
            rule.Actions = actions.ToList();
            Changes.Add($"modify-rule {Port(ListenerOf(ruleArn))} {rule.Priority}");
            return Task.FromResult(rule);
        }

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            foreach (string arn in resourceArns)
            {
                foreach (Tag tag in tags)
                {
                    SetTag(arn, tag.Key!, tag.Value!);
                }

                Changes.Add($"add-tags {NameOf(arn)} {string.Join(",", tags.Select(t => t.Key + "=" + t.Value))}");
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TargetGroupAttribute>>(AttributesOf(targetGroupArn).Select(a => new TargetGroupAttribute { Key = a.Key, Value = a.Value }).ToList());

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default)
        {
            SortedDictionary<string, string> current = AttributesOf(targetGroupArn);
            foreach (TargetGroupAttribute attribute in attributes)
            {
                if (!current.ContainsKey(attribute.Key!))
                {
                    throw new BlueGreenException("AwsValidationError", FailureCategory.InvalidArgument, $"The attribute key '{attribute.Key}' is not recognized");
                }

                current[attribute.Key!] = attribute.Value!;
            }

            Changes.Add($"modify-attributes {NameOf(targetGroupArn)} {string.Join(",", attributes.Select(a => a.Key + "=" + a.Value))}");
            return DescribeTargetGroupAttributesAsync(targetGroupArn, cancellationToken);
        }

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        /// <summary>The requests CreateTargetGroup was given, in order.</summary>
        internal List<CreateTargetGroupRequest> CreatedTargetGroups { get; } = new List<CreateTargetGroupRequest>();

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default)
        {
            if (Groups.Any(g => string.Equals(g.TargetGroupName, request.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new BlueGreenException("AwsDuplicateTargetGroupName", FailureCategory.ResourceExists, "A target group with the same name exists");
            }

            TargetGroup group = NewGroup($"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{request.Name}/{(++_nextId).ToString("x16", CultureInfo.InvariantCulture)}", request.Name!);
            group.Protocol = request.Protocol;
            group.ProtocolVersion = request.ProtocolVersion;
            group.Port = request.Port;
            group.VpcId = request.VpcId;
            group.TargetType = request.TargetType;
            group.IpAddressType = request.IpAddressType;
            group.HealthCheckEnabled = request.HealthCheckEnabled;
            group.HealthCheckProtocol = request.HealthCheckProtocol;
            group.HealthCheckPort = request.HealthCheckPort;
            group.HealthCheckPath = request.HealthCheckPath;
            group.HealthCheckIntervalSeconds = request.HealthCheckIntervalSeconds;
            group.HealthCheckTimeoutSeconds = request.HealthCheckTimeoutSeconds;
            group.HealthyThresholdCount = request.HealthyThresholdCount;
            group.UnhealthyThresholdCount = request.UnhealthyThresholdCount;
            group.Matcher = request.Matcher;
            Groups.Add(group);
            _tags[group.TargetGroupArn!] = request.Tags.ToList();
            CreatedTargetGroups.Add(request);
            Changes.Add($"create-target-group {request.Name}");
            return Task.FromResult(group);
        }

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        private static string Port(string listenerArn) => listenerArn.Substring(listenerArn.Length - 5);

        private string ListenerOf(string ruleArn) => _rules.First(l => l.Value.Any(r => r.RuleArn == ruleArn)).Key;

        private string NameOf(string arn) => Groups.FirstOrDefault(g => g.TargetGroupArn == arn)?.TargetGroupName ?? arn;

        /// <summary>ELBv2's defaults for an ALB target group, then what was set.</summary>
        private SortedDictionary<string, string> AttributesOf(string arn)
        {
            if (!_attributes.TryGetValue(arn, out SortedDictionary<string, string>? attributes))
            {
                _attributes[arn] = attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["deregistration_delay.timeout_seconds"] = "300",
                    ["stickiness.enabled"] = "false",
                    ["stickiness.type"] = "lb_cookie",
                    ["stickiness.lb_cookie.duration_seconds"] = "86400",
                    ["slow_start.duration_seconds"] = "0",
                    ["load_balancing.algorithm.type"] = "round_robin",
                };
            }

            return attributes;
        }

        private static NotSupportedException NotModelled() => new NotSupportedException("Not modelled by InMemoryLoadBalancer.");

        private Rule NewRule(string listenerArn, int priority, IEnumerable<RuleCondition> conditions, IEnumerable<ElbAction> actions)
        {
            var rule = new Rule
            {
                RuleArn = listenerArn.Replace(":listener/", ":listener-rule/") + "/" + (++_nextId).ToString("x16", CultureInfo.InvariantCulture),
                Priority = priority.ToString(CultureInfo.InvariantCulture),
                Conditions = conditions.ToList(),
                Actions = actions.ToList(),
            };
            _rules[listenerArn].Add(rule);
            return rule;
        }
    }
}
