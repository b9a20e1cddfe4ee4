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
    /// One load balancer "shop" with the target groups shop-blue and shop-green, listeners and their rules in memory,
    /// for what maintenance and the traffic reader call: Describe*, CreateRule (unique priorities 1-50000, tags) and
    /// DeleteRule. Failures can be injected per call (<see cref="FailCreateRule"/>, <see cref="FailDeleteRule"/>);
    /// they surface as the failure-translating client would (BlueGreenException "Aws..."). Every change is logged.
    /// </summary>
    internal sealed class InMemoryLoadBalancer : IElasticLoadBalancingV2
    {
        internal const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188";
        internal const string Blue = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef";
        internal const string Green = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/fedcba9876543210";

        private readonly List<Listener> _listeners = new List<Listener>();
        private readonly Dictionary<string, List<Rule>> _rules = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Tag>> _tags = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);
        private int _nextId;

        internal List<string> Changes { get; } = new List<string>();

        /// <summary>Given the listener ARN and priority of a CreateRule, returns an error code to fail with (null: succeed; "Cancelled": as if cancelled).</summary>
        internal Func<string, int, string?> FailCreateRule { get; set; } = (_, _) => null;

        internal Func<string, string?> FailDeleteRule { get; set; } = _ => null;

        internal Dictionary<string, string[]> Targets { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal) { [Blue] = new[] { "i-blue1" }, [Green] = new[] { "i-green1" } };

        internal static ElbAction ForwardTo(string arn) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = arn };

        internal static ElbAction Redirect() => new ElbAction { Type = ActionTypeEnum.Redirect, RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" } };

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

            return Task.FromResult<IReadOnlyList<LoadBalancer>>(new[] { new LoadBalancer { LoadBalancerArn = LoadBalancerArn, LoadBalancerName = "shop" } });
        }

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default)
        {
            var all = new[] { new TargetGroup { TargetGroupArn = Blue, TargetGroupName = "shop-blue" }, new TargetGroup { TargetGroupArn = Green, TargetGroupName = "shop-green" } };
            IReadOnlyList<TargetGroup> result = names == null ? all : all.Where(g => names.Contains(g.TargetGroupName)).ToList();
            return Task.FromResult(result);
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Listener>>(_listeners.ToList());

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Rule>>(_rules[listenerArn].ToList());

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TargetHealthDescription>>(Targets[targetGroupArn]
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

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<ElbAction> actions, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        private static string Port(string listenerArn) => listenerArn.Substring(listenerArn.Length - 5);

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
