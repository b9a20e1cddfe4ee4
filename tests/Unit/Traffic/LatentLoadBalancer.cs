using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Traffic
{
    /// <summary>
    /// An in-memory ELBv2 whose every call takes <see cref="Latency"/> (answered after it), and which records each call's
    /// start and end and how many calls were in flight at once. The load balancer "shop-lb" has target groups shop-blue
    /// and shop-green (tagged bluegreen:project=shop), listener HTTP:80 forwarding to blue, listener HTTPS:443
    /// forwarding to blue with a path rule (/api/*) to blue and a preview rule (header X-BlueGreen-Preview) to green, and
    /// listener HTTP:8080 redirecting. A change is applied when its answer would leave the service (after the latency).
    /// </summary>
    internal sealed class LatentLoadBalancer : IElasticLoadBalancingV2
    {
        internal const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-lb/50dc6c495c0c9188";
        internal const string Blue = TrafficStateBuilder.Blue;
        internal const string Green = TrafficStateBuilder.Green;
        internal const string Http = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/00080";
        internal const string Https = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/00443";
        internal const string Redirect = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/08080";
        internal const string ApiRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop-lb/50dc6c495c0c9188/00443/api";
        internal const string PreviewRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop-lb/50dc6c495c0c9188/00443/preview";

        private readonly object _gate = new object();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, List<ElbAction>> _defaults = new Dictionary<string, List<ElbAction>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Rule>> _rules = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Tag>> _tags = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);
        private readonly List<Call> _calls = new List<Call>();
        private int _inFlight;

        internal LatentLoadBalancer(TimeSpan latency)
        {
            Latency = latency;
            _defaults[Http] = new List<ElbAction> { Forward(Blue) };
            _defaults[Https] = new List<ElbAction> { Forward(Blue) };
            _defaults[Redirect] = new List<ElbAction> { new ElbAction { Type = "redirect", RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" } } };
            foreach (string listener in _defaults.Keys)
            {
                _rules[listener] = new List<Rule>();
            }

            _rules[Https].Add(new Rule
            {
                RuleArn = ApiRule,
                Priority = "10",
                Conditions = { new RuleCondition { Field = ConditionFieldName.PathPattern, PathPatternConfig = new PathPatternConditionConfig { Values = { "/api/*" } } } },
                Actions = { Forward(Blue) },
            });
            _rules[Https].Add(new Rule
            {
                RuleArn = PreviewRule,
                Priority = "1",
                Conditions = { new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-BlueGreen-Preview", Values = { "1" } } } },
                Actions = { Forward(Green) },
            });
            _tags[Blue] = new List<Tag> { new Tag { Key = "bluegreen:project", Value = "shop" } };
            _tags[Green] = new List<Tag> { new Tag { Key = "bluegreen:project", Value = "shop" } };
        }

        internal TimeSpan Latency { get; }

        /// <summary>The most calls that were in flight at once.</summary>
        internal int MaxInFlight { get; private set; }

        /// <summary>Route ARNs whose next modification fails; with landed: true, after the change was made (its answer is lost).</summary>
        internal Dictionary<string, bool> FailModification { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>Actions whose every call fails (e.g. "DescribeRules").</summary>
        internal HashSet<string> FailAction { get; } = new HashSet<string>(StringComparer.Ordinal);

        internal IReadOnlyList<Call> Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls.ToList();
                }
            }
        }

        internal void ClearCalls()
        {
            lock (_gate)
            {
                _calls.Clear();
                MaxInFlight = 0;
            }
        }

        /// <summary>
        /// Round trips on the critical path: the longest chain of calls each of which started after the one before it
        /// ended. Calls that overlap are never in one chain, so calls sent at once count as one round trip.
        /// </summary>
        internal static int RoundTrips(IEnumerable<Call> calls)
        {
            List<Call> byEnd = calls.OrderBy(c => c.End).ToList();
            var longest = new int[byEnd.Count];
            for (int i = 0; i < byEnd.Count; i++)
            {
                longest[i] = 1;
                for (int j = 0; j < i; j++)
                {
                    if (byEnd[j].End <= byEnd[i].Start)
                    {
                        longest[i] = Math.Max(longest[i], longest[j] + 1);
                    }
                }
            }

            return longest.Length == 0 ? 0 : longest.Max();
        }

        /// <summary>The percent each group gets at a route (listener ARN: its default action; rule ARN: the rule).</summary>
        internal IReadOnlyDictionary<string, int> WeightsAt(string routeArn)
        {
            lock (_gate)
            {
                List<ElbAction> actions = _defaults.TryGetValue(routeArn, out List<ElbAction>? d) ? d : _rules.Values.SelectMany(r => r).Single(r => r.RuleArn == routeArn).Actions;
                ElbAction forward = actions.Single(a => a.Type == ActionTypeEnum.Forward);
                if (forward.ForwardConfig?.TargetGroups.Count > 0)
                {
                    int total = forward.ForwardConfig.TargetGroups.Sum(t => t.Weight ?? 1);
                    return forward.ForwardConfig.TargetGroups.ToDictionary(t => t.TargetGroupArn!, t => 100 * (t.Weight ?? 1) / total);
                }

                return new Dictionary<string, int> { [forward.TargetGroupArn!] = 100 };
            }
        }

        internal string? TagOf(string groupArn, string key)
        {
            lock (_gate)
            {
                return _tags[groupArn].FirstOrDefault(t => t.Key == key)?.Value;
            }
        }

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<LoadBalancer>>("DescribeLoadBalancers", null, cancellationToken, () =>
                new[] { new LoadBalancer { LoadBalancerArn = LoadBalancerArn, LoadBalancerName = "shop-lb", DNSName = "shop-lb.example.invalid" } });

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<TargetGroup>>("DescribeTargetGroups", null, cancellationToken, () =>
            {
                var all = new[] { new TargetGroup { TargetGroupArn = Blue, TargetGroupName = "shop-blue" }, new TargetGroup { TargetGroupArn = Green, TargetGroupName = "shop-green" } };
                return all.Where(g => (names == null || names.Contains(g.TargetGroupName)) && (targetGroupArns == null || targetGroupArns.Contains(g.TargetGroupArn))).ToList();
            });

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<Listener>>("DescribeListeners", null, cancellationToken, () =>
                _defaults.Select(d => new Listener
                {
                    ListenerArn = d.Key,
                    LoadBalancerArn = LoadBalancerArn,
                    Port = int.Parse(d.Key.Substring(d.Key.Length - 5), System.Globalization.CultureInfo.InvariantCulture),
                    Protocol = d.Key == Https ? "HTTPS" : "HTTP",
                    DefaultActions = d.Value.ToList(),
                }).ToList());

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<Rule>>("DescribeRules", listenerArn, cancellationToken, () =>
                _rules[listenerArn].Select(r => new Rule { RuleArn = r.RuleArn, Priority = r.Priority, Conditions = r.Conditions, Actions = r.Actions.ToList() })
                    .Append(new Rule { RuleArn = listenerArn + "/default", Priority = "default", IsDefault = true, Actions = _defaults[listenerArn].ToList() })
                    .ToList());

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<ElbAction> defaultActions, CancellationToken cancellationToken = default) =>
            ModifyAsync("ModifyListener", listenerArn, cancellationToken, () =>
            {
                _defaults[listenerArn] = defaultActions.ToList();
                return new Listener { ListenerArn = listenerArn, DefaultActions = defaultActions.ToList() };
            });

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<ElbAction> actions, CancellationToken cancellationToken = default) =>
            ModifyAsync("ModifyRule", ruleArn, cancellationToken, () =>
            {
                Rule rule = _rules.Values.SelectMany(r => r).Single(r => r.RuleArn == ruleArn);
                rule.Actions = actions.ToList();
                return rule;
            });

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<TargetHealthDescription>>("DescribeTargetHealth", targetGroupArn, cancellationToken, () =>
                new[] { new TargetHealthDescription { Target = new TargetDescription { Id = targetGroupArn == Blue ? "i-blue" : "i-green", Port = 80 }, TargetHealth = new TargetHealth { State = TargetHealthStateEnum.Healthy } } });

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) =>
            CallAsync<IReadOnlyList<TagDescription>>("DescribeTags", null, cancellationToken, () =>
                resourceArns.Select(a => new TagDescription { ResourceArn = a, Tags = _tags[a].ToList() }).ToList());

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) =>
            CallAsync<object?>("AddTags", null, cancellationToken, () =>
            {
                foreach (string arn in resourceArns)
                {
                    foreach (Tag tag in tags)
                    {
                        _tags[arn].RemoveAll(t => t.Key == tag.Key);
                        _tags[arn].Add(tag);
                    }
                }

                return null;
            });

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            CallAsync<object?>("RemoveTags", null, cancellationToken, () =>
            {
                foreach (string arn in resourceArns)
                {
                    _tags[arn].RemoveAll(t => tagKeys.Contains(t.Key));
                }

                return null;
            });

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotPartOfASwitch();

        /// <summary>The calls a switch never makes: a test reaching one of them is wrong, and says which call it made.</summary>
        private static NotSupportedException NotPartOfASwitch([System.Runtime.CompilerServices.CallerMemberName] string call = "") =>
            new NotSupportedException($"LatentLoadBalancer serves the reads, route changes and tags of a switch; {call} is not one of them.");

        public void Dispose()
        {
        }

        private static ElbAction Forward(string groupArn) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = groupArn };

        private Task<T> ModifyAsync<T>(string action, string arn, CancellationToken cancellationToken, Func<T> apply) =>
            CallAsync(action, arn, cancellationToken, () =>
            {
                if (FailModification.Remove(arn, out bool landed))
                {
                    if (landed)
                    {
                        apply();
                    }

                    throw new InvalidOperationException($"{action} {arn} failed (injected{(landed ? ", after the change was made" : string.Empty)}).");
                }

                return apply();
            });

        private async Task<T> CallAsync<T>(string action, string? target, CancellationToken cancellationToken, Func<T> answer)
        {
            TimeSpan start;
            lock (_gate)
            {
                start = _clock.Elapsed;
                _inFlight++;
                MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            }

            try
            {
                await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    if (FailAction.Contains(action))
                    {
                        throw new InvalidOperationException($"{action} failed (injected).");
                    }

                    return answer();
                }
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                    _calls.Add(new Call(action, target, start, _clock.Elapsed));
                }
            }
        }

        internal sealed record Call(string Action, string? Target, TimeSpan Start, TimeSpan End);
    }
}
