using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The load balancer "shop-lb" of the release tests: target groups shop-blue and shop-green, listener 80 whose
    /// default action forwards to blue, one preview rule (header X-BlueGreen-Preview) forwarding to green, and one path
    /// rule (/api/*) forwarding to blue. Listener and rule actions change with ModifyListener/ModifyRule (weighted
    /// forwards as ELBv2 keeps them), tags with Add/RemoveTags; a registered target is healthy from the next health read
    /// (unless its id is in <see cref="Unhealthy"/>), a deregistered one is gone. Every call goes through
    /// <see cref="ReleaseWorld.Enter"/> first: the world's kill switch and injected faults.
    /// </summary>
    internal sealed class FakeLoadBalancer : IElasticLoadBalancingV2
    {
        internal const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-lb/50dc6c495c0c9188";
        internal const string Blue = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef";
        internal const string Green = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/fedcba9876543210";
        internal const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/00080";

        private readonly ReleaseWorld _world;
        private readonly object _gate = new object();
        private readonly Listener _listener;
        private readonly List<Rule> _rules = new List<Rule>();
        private readonly Dictionary<string, List<Tag>> _tags = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, string>> _targets = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            [Blue] = new Dictionary<string, string>(StringComparer.Ordinal),
            [Green] = new Dictionary<string, string>(StringComparer.Ordinal),
        };

        internal FakeLoadBalancer(ReleaseWorld world)
        {
            _world = world;
            _listener = new Listener { ListenerArn = ListenerArn, LoadBalancerArn = LoadBalancerArn, Port = 80, Protocol = "HTTP", DefaultActions = { Forward(Blue) } };
            _rules.Add(new Rule { RuleArn = ListenerArn.Replace(":listener/", ":listener-rule/") + "/default", Priority = "default", IsDefault = true, Actions = { Forward(Blue) } });
            _rules.Add(new Rule
            {
                RuleArn = ListenerArn.Replace(":listener/", ":listener-rule/") + "/preview",
                Priority = "1",
                Conditions = { new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-BlueGreen-Preview", Values = { "1" } } } },
                Actions = { Forward(Green) },
            });
            _rules.Add(new Rule
            {
                RuleArn = ListenerArn.Replace(":listener/", ":listener-rule/") + "/api",
                Priority = "2",
                Conditions = { new RuleCondition { Field = ConditionFieldName.PathPattern, PathPatternConfig = new PathPatternConditionConfig { Values = { "/api/*" } } } },
                Actions = { Forward(Blue) },
            });
            _tags[Blue] = new List<Tag>();
            _tags[Green] = new List<Tag>();
        }

        /// <summary>Targets that stay unhealthy once registered (or turn unhealthy when added here later).</summary>
        internal HashSet<string> Unhealthy { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Groups whose every target fails its health checks (as the sandbox's SetGroupHealth).</summary>
        internal HashSet<string> UnhealthyGroups { get; } = new HashSet<string>(StringComparer.Ordinal);

        internal void AddTarget(string groupArn, string id)
        {
            lock (_gate)
            {
                _targets[groupArn][id] = TargetHealthStateEnum.Healthy;
            }
        }

        /// <summary>Every route to <paramref name="groupArn"/>, the preview rule to the other group (a switched site).</summary>
        internal void SwitchAllTo(string groupArn)
        {
            lock (_gate)
            {
                string other = groupArn == Blue ? Green : Blue;
                _listener.DefaultActions = new List<ElbAction> { Forward(groupArn) };
                foreach (Rule rule in _rules)
                {
                    rule.Actions = new List<ElbAction> { Forward(rule.Priority == "1" ? other : groupArn) };
                }
            }
        }

        internal IReadOnlyCollection<string> TargetsOf(string groupArn)
        {
            lock (_gate)
            {
                return _targets[groupArn].Keys.ToList();
            }
        }

        /// <summary>Every non-preview route and the percent it sends to each group, e.g. "default blue=100 green=0; 2 blue=100 green=0".</summary>
        internal IReadOnlyList<IReadOnlyDictionary<string, int>> RouteWeights()
        {
            lock (_gate)
            {
                var routes = new List<ElbAction> { _listener.DefaultActions[0] };
                routes.AddRange(_rules.Where(r => !r.IsDefault && r.Priority != "1").Select(r => r.Actions[0]));
                return routes.Select(Weights).ToList();
            }
        }

        /// <summary>Each non-preview route's forward stickiness in seconds (null: off): the default action, then the /api rule.</summary>
        internal IReadOnlyList<int?> RouteStickiness()
        {
            lock (_gate)
            {
                var routes = new List<ElbAction> { _listener.DefaultActions[0] };
                routes.AddRange(_rules.Where(r => !r.IsDefault && r.Priority != "1").Select(r => r.Actions[0]));
                return routes.Select(a => a.ForwardConfig?.TargetGroupStickinessConfig is TargetGroupStickinessConfig s && s.Enabled == true ? s.DurationSeconds : null).ToList();
            }
        }

        /// <summary>The /api rule forwards with stickiness of <paramref name="seconds"/> (as a user may have set it).</summary>
        internal void MakeApiSticky(int seconds)
        {
            lock (_gate)
            {
                Rule api = _rules.Single(r => r.Priority == "2");
                string group = api.Actions[0].TargetGroupArn ?? api.Actions[0].ForwardConfig!.TargetGroups[0].TargetGroupArn!;
                api.Actions = new List<ElbAction>
                {
                    new ElbAction
                    {
                        Type = ActionTypeEnum.Forward,
                        ForwardConfig = new ForwardActionConfig
                        {
                            TargetGroups = { new TargetGroupTuple { TargetGroupArn = group, Weight = 1 } },
                            TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = seconds },
                        },
                    },
                };
            }
        }

        /// <summary>The group that serves every non-preview route in full, or null when they are split or disagree.</summary>
        internal string? ServingGroup()
        {
            var groups = RouteWeights().Select(w => w.Where(p => p.Value == 100).Select(p => p.Key).FirstOrDefault()).Distinct().ToList();
            return groups.Count == 1 ? groups[0] : null;
        }

        internal string? PreviewGroup()
        {
            lock (_gate)
            {
                return Weights(_rules.Single(r => r.Priority == "1").Actions[0]).Where(p => p.Value == 100).Select(p => p.Key).FirstOrDefault();
            }
        }

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<LoadBalancer>>("DescribeLoadBalancers", cancellationToken, () => new[] { new LoadBalancer { LoadBalancerArn = LoadBalancerArn, LoadBalancerName = "shop-lb", DNSName = "shop-lb.example.invalid" } });
        }

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<TargetGroup>>("DescribeTargetGroups", cancellationToken, () =>
            {
                var all = new[] { new TargetGroup { TargetGroupArn = Blue, TargetGroupName = "shop-blue" }, new TargetGroup { TargetGroupArn = Green, TargetGroupName = "shop-green" } };
                IReadOnlyList<TargetGroup> result = names == null ? all : all.Where(g => names.Contains(g.TargetGroupName)).ToList();
                return result;
            });
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<Listener>>("DescribeListeners", cancellationToken, () =>
            {
                lock (_gate)
                {
                    return new[] { new Listener { ListenerArn = _listener.ListenerArn, LoadBalancerArn = LoadBalancerArn, Port = 80, Protocol = "HTTP", DefaultActions = _listener.DefaultActions.ToList() } };
                }
            });
        }

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<Rule>>("DescribeRules", cancellationToken, () =>
            {
                lock (_gate)
                {
                    return _rules.Select(r => new Rule { RuleArn = r.RuleArn, Priority = r.Priority, IsDefault = r.IsDefault, Conditions = r.Conditions, Actions = r.Actions.ToList() }).ToList();
                }
            });
        }

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<ElbAction> defaultActions, CancellationToken cancellationToken = default)
        {
            return _world.Answer<Listener>("ModifyListener", cancellationToken, () =>
            {
                lock (_gate)
                {
                    _listener.DefaultActions = defaultActions.ToList();
                    _rules.Single(r => r.IsDefault).Actions = defaultActions.ToList();
                    return _listener;
                }
            });
        }

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<ElbAction> actions, CancellationToken cancellationToken = default)
        {
            return _world.Answer<Rule>("ModifyRule", cancellationToken, () =>
            {
                lock (_gate)
                {
                    Rule rule = _rules.Single(r => r.RuleArn == ruleArn);
                    rule.Actions = actions.ToList();
                    return rule;
                }
            });
        }

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            return _world.Answer<bool>("RegisterTargets", cancellationToken, () =>
            {
                lock (_gate)
                {
                    foreach (TargetDescription target in targets)
                    {
                        _targets[targetGroupArn][target.Id!] = TargetHealthStateEnum.Initial;
                    }
                }

                return true;
            });
        }

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            return _world.Answer<bool>("DeregisterTargets", cancellationToken, () =>
            {
                lock (_gate)
                {
                    foreach (TargetDescription target in targets)
                    {
                        _targets[targetGroupArn].Remove(target.Id!);
                    }
                }

                return true;
            });
        }

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<TargetHealthDescription>>("DescribeTargetHealth", cancellationToken, () =>
            {
                lock (_gate)
                {
                    Dictionary<string, string> group = _targets[targetGroupArn];
                    foreach (string id in group.Keys.ToList())
                    {
                        group[id] = Unhealthy.Contains(id) || UnhealthyGroups.Contains(targetGroupArn) ? "unhealthy" : TargetHealthStateEnum.Healthy;
                    }

                    IEnumerable<string> ids = targets?.Select(t => t.Id!) ?? group.Keys;
                    IReadOnlyList<TargetHealthDescription> result = ids.Select(id => new TargetHealthDescription
                    {
                        Target = new TargetDescription { Id = id, Port = 80 },
                        TargetHealth = new TargetHealth { State = group.TryGetValue(id, out string? state) ? state : TargetHealthStateEnum.Unused },
                    }).ToList();
                    return result;
                }
            });
        }

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<TagDescription>>("DescribeTags", cancellationToken, () =>
            {
                lock (_gate)
                {
                    return resourceArns.Select(arn => new TagDescription { ResourceArn = arn, Tags = (_tags.TryGetValue(arn, out List<Tag>? t) ? t : new List<Tag>()).ToList() }).ToList();
                }
            });
        }

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            return _world.Answer<bool>("AddTags", cancellationToken, () =>
            {
                lock (_gate)
                {
                    foreach (string arn in resourceArns)
                    {
                        List<Tag> list = _tags[arn];
                        foreach (Tag tag in tags)
                        {
                            list.RemoveAll(t => t.Key == tag.Key);
                            list.Add(tag);
                        }
                    }
                }

                return true;
            });
        }

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
        {
            return _world.Answer<bool>("RemoveTags", cancellationToken, () =>
            {
                lock (_gate)
                {
                    foreach (string arn in resourceArns)
                    {
                        _tags[arn].RemoveAll(t => tagKeys.Contains(t.Key));
                    }
                }

                return true;
            });
        }

        public void Dispose()
        {
        }

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        internal static ElbAction Forward(string arn) => new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = arn };

        private static IReadOnlyDictionary<string, int> Weights(ElbAction action)
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal) { [Blue] = 0, [Green] = 0 };
            foreach (KeyValuePair<string, int> pair in BlueGreen.Traffic.TrafficStateReader.WeightsOf(action))
            {
                weights[pair.Key] = pair.Value;
            }

            return weights;
        }

        private static NotSupportedException NotModelled() => new NotSupportedException("The release tests' load balancer models listeners, rules, tags and targets only.");
    }
}
