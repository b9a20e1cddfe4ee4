using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// One thing Initialize-BgLoadBalancer makes sure of (the second group, its attributes, the tags of a group, the
    /// preview rule of a listener) and what became of it. The cmdlet emits one per item, changed or not.
    /// </summary>
    public sealed class LoadBalancerPreparationItem
    {
        internal LoadBalancerPreparationItem(string loadBalancer, LoadBalancerPreparationItemKind kind, string name, LoadBalancerPreparationStatus status, string detail)
        {
            LoadBalancer = loadBalancer;
            Kind = kind;
            Name = name;
            Status = status;
            Detail = detail;
        }

        public string LoadBalancer { get; }

        public LoadBalancerPreparationItemKind Kind { get; }

        /// <summary>The target group's name, or the listener and rule, e.g. "HTTPS:443 rule 1".</summary>
        public string Name { get; internal set; }

        public LoadBalancerPreparationStatus Status { get; internal set; }

        /// <summary>What was (or would be) done, or why nothing was.</summary>
        public string Detail { get; internal set; }

        /// <summary>The target group or rule ARN; null while it does not exist.</summary>
        public string? Arn { get; internal set; }

        /// <summary>The ShouldProcess target and action of a planned change.</summary>
        internal string ApprovalTarget { get; set; } = string.Empty;

        internal string ApprovalAction { get; set; } = string.Empty;

        /// <summary>Tags: added with the CreateTargetGroup call itself, so not approved on their own.</summary>
        internal bool WithCreation { get; set; }

        /// <summary>Needs the idle group's ARN (which a TargetGroup item may only be about to create).</summary>
        internal bool NeedsIdleGroup { get; set; }

        internal List<Tag> TagsToAdd { get; } = new List<Tag>();

        internal List<TargetGroupAttribute> AttributesToCopy { get; } = new List<TargetGroupAttribute>();

        internal Listener? Listener { get; set; }

        internal int Priority { get; set; }

        /// <summary>A preview rule to point at the idle group (ModifyRule) instead of creating one.</summary>
        internal Rule? ExistingRule { get; set; }

        public override string ToString() => $"{Kind} {Name}: {Status}";
    }
}
