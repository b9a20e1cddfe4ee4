using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Wraps an <see cref="IElasticLoadBalancingV2"/> so that every AWS failure leaves it as a
    /// <see cref="Diagnostics.BlueGreenException"/> naming the operation and its target (see
    /// <see cref="AwsFailureTranslator"/>). Engine code above it never handles AWS SDK exception types.
    /// </summary>
    public sealed class FailureTranslatingElasticLoadBalancingV2(IElasticLoadBalancingV2 inner) : IElasticLoadBalancingV2
    {
        private readonly IElasticLoadBalancingV2 _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>The client whose failures this one translates.</summary>
        public IElasticLoadBalancingV2 Inner => _inner;

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeLoadBalancers", Target(names, loadBalancerArns), () => _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken));

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeTargetGroups", (object?)loadBalancerArn ?? Target(names, targetGroupArns), () => _inner.DescribeTargetGroupsAsync(loadBalancerArn, names, targetGroupArns, cancellationToken));

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeListeners", loadBalancerArn, () => _inner.DescribeListenersAsync(loadBalancerArn, cancellationToken));

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeRules", listenerArn, () => _inner.DescribeRulesAsync(listenerArn, cancellationToken));

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<Model.Action> defaultActions, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("ModifyListener", listenerArn, () => _inner.ModifyListenerAsync(listenerArn, defaultActions, cancellationToken));

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<Model.Action> actions, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("ModifyRule", ruleArn, () => _inner.ModifyRuleAsync(ruleArn, actions, cancellationToken));

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("RegisterTargets", targetGroupArn, () => _inner.RegisterTargetsAsync(targetGroupArn, targets, cancellationToken));

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DeregisterTargets", targetGroupArn, () => _inner.DeregisterTargetsAsync(targetGroupArn, targets, cancellationToken));

        public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeTargetHealth", targetGroupArn, () => _inner.DescribeTargetHealthAsync(targetGroupArn, targets, cancellationToken));

        public Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeTags", Target(resourceArns, null), () => _inner.DescribeTagsAsync(resourceArns, cancellationToken));

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("AddTags", Target(resourceArns, null), () => _inner.AddTagsAsync(resourceArns, tags, cancellationToken));

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("RemoveTags", Target(resourceArns, null), () => _inner.RemoveTagsAsync(resourceArns, tagKeys, cancellationToken));

        public Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DescribeTargetGroupAttributes", targetGroupArn, () => _inner.DescribeTargetGroupAttributesAsync(targetGroupArn, cancellationToken));

        public Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("ModifyTargetGroupAttributes", targetGroupArn, () => _inner.ModifyTargetGroupAttributesAsync(targetGroupArn, attributes, cancellationToken));

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("CreateLoadBalancer", request.Name, () => _inner.CreateLoadBalancerAsync(request, cancellationToken));

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("CreateTargetGroup", request.Name, () => _inner.CreateTargetGroupAsync(request, cancellationToken));

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("CreateListener", request.LoadBalancerArn, () => _inner.CreateListenerAsync(request, cancellationToken));

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("CreateRule", request.ListenerArn, () => _inner.CreateRuleAsync(request, cancellationToken));

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DeleteListener", listenerArn, () => _inner.DeleteListenerAsync(listenerArn, cancellationToken));

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DeleteRule", ruleArn, () => _inner.DeleteRuleAsync(ruleArn, cancellationToken));

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            AwsFailureTranslator.InvokeAsync("DeleteTargetGroup", targetGroupArn, () => _inner.DeleteTargetGroupAsync(targetGroupArn, cancellationToken));

        public void Dispose() => _inner.Dispose();

        private static object? Target(IEnumerable<string>? first, IEnumerable<string>? second)
        {
            string[] items = (first ?? second)?.ToArray() ?? Array.Empty<string>();
            return items.Length == 1 ? items[0] : items.Length == 0 ? null : string.Join(", ", items);
        }
    }
}
