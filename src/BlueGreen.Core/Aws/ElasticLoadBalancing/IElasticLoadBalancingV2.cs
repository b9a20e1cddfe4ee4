using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// The Elastic Load Balancing v2 (ALB/NLB) operations BlueGreen uses. Operation, model and member names are
    /// those of the official AWS SDK (AWSSDK.ElasticLoadBalancingV2), so an adapter over that package is a thin
    /// mapping. Describe operations follow Marker/NextMarker themselves and return every page.
    /// Failures surface as AWS SDK exceptions (an AmazonServiceException carrying the AWS error code);
    /// <see cref="AwsFailureTranslator"/> turns them into BlueGreen exceptions.
    /// <para>
    /// This interface is the seam for the official package: <see cref="ElasticLoadBalancingV2Client"/> speaks the wire
    /// through the model-driven Query codec (BlueGreen.Aws.Protocol); an adapter over AWSSDK.ElasticLoadBalancingV2 would
    /// implement this interface instead, and <see cref="AwsClientFactory.CreateElasticLoadBalancingV2"/> is the one place
    /// that would construct it. The model classes are generated at build time (BlueGreen.Aws.ModelGenerator) from the
    /// service model the SDK generates its own from, with its names, so such an adapter maps them member for member.
    /// </para>
    /// </summary>
    public interface IElasticLoadBalancingV2 : IDisposable
    {
        /// <summary>Load balancers by name or ARN (at most one of the two); neither lists every load balancer.</summary>
        Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(
            IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default);

        /// <summary>Target groups of a load balancer, or by name, or by ARN (at most one of the three); none lists them all.</summary>
        Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(
            string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default);

        /// <summary>Every listener of a load balancer.</summary>
        Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default);

        /// <summary>Every rule of a listener, the default rule included.</summary>
        Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default);

        /// <summary>Replaces a listener's default actions; returns the listener as it now is.</summary>
        Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<Model.Action> defaultActions, CancellationToken cancellationToken = default);

        /// <summary>Replaces a rule's actions (its conditions are kept); returns the rule as it now is.</summary>
        Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<Model.Action> actions, CancellationToken cancellationToken = default);

        Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default);

        Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default);

        /// <summary>Health of the given targets, or of every registered target when <paramref name="targets"/> is null.</summary>
        Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(
            string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default);

        /// <summary>Tags of any number of resources (sent in batches of 20, the API's limit).</summary>
        Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default);

        Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default);

        Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default);

        /// <summary>Every attribute of a target group (deregistration delay, stickiness, slow start, algorithm, ...).</summary>
        Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default);

        /// <summary>Sets the given attributes of a target group (the others keep their values); returns every attribute as it now is.</summary>
        Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default);

        Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default);

        Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default);

        Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default);

        Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default);

        Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default);

        /// <summary>Deletes a rule (not a listener's default rule).</summary>
        Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default);

        Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default);
    }
}
