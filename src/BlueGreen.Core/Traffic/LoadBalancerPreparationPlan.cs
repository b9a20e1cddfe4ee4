using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// What Initialize-BgLoadBalancer found and will do: the load balancer, the group serving the site (live), the
    /// second group (existing, or to be created as a copy of the live one) and every item with its status, Planned
    /// for a change still to make. Made by <see cref="LoadBalancerPreparation.PlanAsync"/> after every check, so
    /// applying it never starts a change it already knows will be refused.
    /// </summary>
    public sealed class LoadBalancerPreparationPlan
    {
        internal LoadBalancerPreparationPlan(string loadBalancerName, string loadBalancerArn, string project, TargetGroup live, string liveColor, string idleName, string idleColor, TargetGroup? idle)
        {
            LoadBalancerName = loadBalancerName;
            LoadBalancerArn = loadBalancerArn;
            Project = project;
            Live = live;
            LiveColor = liveColor;
            IdleName = idleName;
            IdleColor = idleColor;
            Idle = idle;
        }

        public string LoadBalancerName { get; }

        public string LoadBalancerArn { get; }

        public string Project { get; }

        public string LiveName => Live.TargetGroupName ?? Live.TargetGroupArn!;

        public string LiveColor { get; }

        public string IdleName { get; }

        public string IdleColor { get; }

        /// <summary>The idle group's ARN, null while it is still to be created.</summary>
        public string? IdleArn { get; internal set; }

        public IReadOnlyList<LoadBalancerPreparationItem> Items => ItemList;

        /// <summary>False when everything is already in place: applying would change nothing.</summary>
        public bool HasChanges => ItemList.Any(i => i.Status == LoadBalancerPreparationStatus.Planned);

        internal TargetGroup Live { get; }

        /// <summary>The existing idle group, or null when it is to be created.</summary>
        internal TargetGroup? Idle { get; }

        /// <summary>The CreateTargetGroup call that makes the idle group (null when it exists).</summary>
        internal CreateTargetGroupRequest? Create { get; set; }

        internal List<LoadBalancerPreparationItem> ItemList { get; } = new List<LoadBalancerPreparationItem>();
    }
}
