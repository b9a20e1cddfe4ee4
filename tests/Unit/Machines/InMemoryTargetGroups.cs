using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// Target groups in memory, for the operations machines use: RegisterTargets, DeregisterTargets and
    /// DescribeTargetHealth. A registered target is initial, then healthy after <see cref="PollsUntilHealthy"/>
    /// health reads; a deregistered one is draining for <see cref="PollsWhileDraining"/> reads, then gone.
    /// Every call is logged in order. Load balancer, listener and rule operations are not modelled here (the
    /// traffic tests and the sandbox cover them) and throw NotSupportedException.
    /// </summary>
    internal sealed class InMemoryTargetGroups : IElasticLoadBalancingV2
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Dictionary<string, Target>> _groups = new Dictionary<string, Dictionary<string, Target>>();

        internal int PollsUntilHealthy { get; set; } = 1;

        internal int PollsWhileDraining { get; set; } = 1;

        internal List<string> Calls { get; } = new List<string>();

        internal bool Disposed { get; private set; }

        internal void Add(string groupArn, string targetId, string state)
        {
            lock (_gate)
            {
                Group(groupArn)[targetId] = new Target { State = state, Polls = int.MaxValue / 2 };
            }
        }

        internal string? StateOf(string groupArn, string targetId)
        {
            lock (_gate)
            {
                return Group(groupArn).TryGetValue(targetId, out Target? target) ? target.State : null;
            }
        }

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                foreach (TargetDescription target in targets)
                {
                    Calls.Add($"register {target.Id} {targetGroupArn}");
                    Group(targetGroupArn)[target.Id!] = new Target { State = TargetHealthStateEnum.Initial };
                }
            }

            return Task.CompletedTask;
        }

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                foreach (TargetDescription target in targets)
                {
                    Calls.Add($"deregister {target.Id} {targetGroupArn}");
                    if (Group(targetGroupArn).TryGetValue(target.Id!, out Target? existing))
                    {
                        existing.State = TargetHealthStateEnum.Draining;
                        existing.Polls = 0;
                    }
                }
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                Calls.Add($"health {targetGroupArn}");
                Dictionary<string, Target> group = Group(targetGroupArn);
                foreach (KeyValuePair<string, Target> pair in group.ToList())
                {
                    Target target = pair.Value;
                    target.Polls++;
                    if (target.State == TargetHealthStateEnum.Initial && target.Polls > PollsUntilHealthy)
                    {
                        target.State = TargetHealthStateEnum.Healthy;
                    }
                    else if (target.State == TargetHealthStateEnum.Draining && target.Polls > PollsWhileDraining)
                    {
                        group.Remove(pair.Key);
                    }
                }

                IEnumerable<string> ids = targets?.Select(t => t.Id!) ?? group.Keys;
                IReadOnlyList<TargetHealthDescription> result = ids.Select(id => new TargetHealthDescription
                {
                    Target = new TargetDescription { Id = id },
                    TargetHealth = new TargetHealth { State = group.TryGetValue(id, out Target? t) ? t.State : TargetHealthStateEnum.Unused },
                }).ToList();
                return Task.FromResult(result);
            }
        }

        public void Dispose() => Disposed = true;

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<BlueGreen.Aws.ElasticLoadBalancing.Model.Action> defaultActions, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<BlueGreen.Aws.ElasticLoadBalancing.Model.Action> actions, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => throw NotModelled();

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) => throw NotModelled();

        private Dictionary<string, Target> Group(string arn)
        {
            if (!_groups.TryGetValue(arn, out Dictionary<string, Target>? group))
            {
                group = new Dictionary<string, Target>(StringComparer.Ordinal);
                _groups[arn] = group;
            }

            return group;
        }

        private static NotSupportedException NotModelled() =>
            new NotSupportedException("Machine tests model target membership only; load balancer, listener and rule operations are covered by the traffic tests and the sandbox.");

        private sealed class Target
        {
            internal string State { get; set; } = TargetHealthStateEnum.Initial;

            internal int Polls { get; set; }
        }
    }
}
