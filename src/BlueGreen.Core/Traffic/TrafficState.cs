namespace BlueGreen.Traffic
{
    /// <summary>
    /// Where a project's traffic goes right now: the load balancer, the project's two target groups, and every
    /// listener default action and rule that forwards. Read by <see cref="TrafficStateReader"/>, which refuses
    /// anything ambiguous, so <see cref="Live"/> and <see cref="Idle"/> are always well defined here.
    /// </summary>
    public sealed class TrafficState
    {
        internal TrafficState(string loadBalancerArn, string loadBalancerName, IReadOnlyList<ProjectTargetGroup> groups, IReadOnlyList<ForwardingRoute> routes, IReadOnlyList<ForwardingRoute> previewRoutes, IReadOnlyList<string> otherListeners)
        {
            PreviewRoutes = previewRoutes;
            LoadBalancerArn = loadBalancerArn;
            LoadBalancerName = loadBalancerName;
            Groups = groups;
            Routes = routes;
            OtherListeners = otherListeners;
        }

        public string LoadBalancerArn { get; }

        public string LoadBalancerName { get; }

        /// <summary>The load balancer's DNS name (e.g. shop-alb-1234567890.us-east-1.elb.amazonaws.com), or null when unknown.</summary>
        public string? LoadBalancerDnsName { get; internal set; }

        /// <summary>The project's two target groups.</summary>
        public IReadOnlyList<ProjectTargetGroup> Groups { get; }

        /// <summary>Every listener default action and rule that forwards the site's traffic to the project's groups.</summary>
        public IReadOnlyList<ForwardingRoute> Routes { get; }

        /// <summary>Preview rules (header X-BlueGreen-Preview): they follow the idle group. See <see cref="ForwardingRoute.IsPreview"/>.</summary>
        public IReadOnlyList<ForwardingRoute> PreviewRoutes { get; }

        /// <summary>Listeners and rules that do not forward (redirects, fixed responses): left alone by a switch.</summary>
        public IReadOnlyList<string> OtherListeners { get; }

        public bool IsSplit => Groups.Any(g => g.Role == TargetGroupRole.Split);

        /// <summary>The group serving traffic (during a canary switch: the one traffic is moving away from).</summary>
        public ProjectTargetGroup Live => Groups.Single(g => !g.IsIncoming);

        /// <summary>The group not serving (during a canary switch: the one traffic is moving to).</summary>
        public ProjectTargetGroup Idle => Groups.Single(g => g.IsIncoming);

        public ProjectTargetGroup Group(string arn) =>
            Groups.FirstOrDefault(g => g.Arn == arn) ?? throw new ArgumentException($"'{arn}' is not one of the project's target groups.", nameof(arn));
    }
}
