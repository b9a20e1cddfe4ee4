using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Wraps an <see cref="IElasticLoadBalancingV2"/> so that at most <see cref="AwsRequestLimiter.MaxConcurrentRequests"/>
    /// of its calls (and those of the other clients sharing the limiter) are in flight at once; the others wait for a slot.
    /// </summary>
    public sealed class ConcurrencyLimitedElasticLoadBalancingV2 : IElasticLoadBalancingV2
    {
        private readonly IElasticLoadBalancingV2 _inner;
        private readonly AwsRequestLimiter _limiter;

        public ConcurrencyLimitedElasticLoadBalancingV2(IElasticLoadBalancingV2 inner, AwsRequestLimiter limiter)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        }

        /// <summary>The client whose calls this one bounds.</summary>
        public IElasticLoadBalancingV2 Inner => _inner;

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeTargetGroupsAsync(loadBalancerArn, names, targetGroupArns, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeListenersAsync(loadBalancerArn, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeRulesAsync(listenerArn, cancellationToken), cancellationToken);

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<Model.Action> defaultActions, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.ModifyListenerAsync(listenerArn, defaultActions, cancellationToken), cancellationToken);

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<Model.Action> actions, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.ModifyRuleAsync(ruleArn, actions, cancellationToken), cancellationToken);

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.RegisterTargetsAsync(targetGroupArn, targets, cancellationToken), cancellationToken);

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DeregisterTargetsAsync(targetGroupArn, targets, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeTargetHealthAsync(targetGroupArn, targets, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeTagsAsync(resourceArns, cancellationToken), cancellationToken);

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.AddTagsAsync(resourceArns, tags, cancellationToken), cancellationToken);

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.RemoveTagsAsync(resourceArns, tagKeys, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DescribeTargetGroupAttributesAsync(targetGroupArn, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.ModifyTargetGroupAttributesAsync(targetGroupArn, attributes, cancellationToken), cancellationToken);

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.CreateLoadBalancerAsync(request, cancellationToken), cancellationToken);

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.CreateTargetGroupAsync(request, cancellationToken), cancellationToken);

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.CreateListenerAsync(request, cancellationToken), cancellationToken);

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.CreateRuleAsync(request, cancellationToken), cancellationToken);

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DeleteListenerAsync(listenerArn, cancellationToken), cancellationToken);

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DeleteRuleAsync(ruleArn, cancellationToken), cancellationToken);

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            _limiter.RunAsync(() => _inner.DeleteTargetGroupAsync(targetGroupArn, cancellationToken), cancellationToken);

        public void Dispose() => _inner.Dispose();
    }
}
