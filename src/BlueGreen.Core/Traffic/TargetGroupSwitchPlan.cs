namespace BlueGreen.Traffic
{
    /// <summary>What a switch will do: move <see cref="IncomingPercent"/> of every forwarding route to <see cref="To"/>.</summary>
    public sealed class TargetGroupSwitchPlan
    {
        internal TargetGroupSwitchPlan(string loadBalancerArn, ProjectTargetGroup from, ProjectTargetGroup to, int incomingPercent, IReadOnlyList<RouteChange> changes)
        {
            LoadBalancerArn = loadBalancerArn;
            From = from;
            To = to;
            IncomingPercent = incomingPercent;
            Changes = changes;
        }

        /// <summary>The load balancer whose routes change (their verification reads its listeners back).</summary>
        public string LoadBalancerArn { get; }

        /// <summary>The group traffic moves away from (the live one).</summary>
        public ProjectTargetGroup From { get; }

        /// <summary>The group traffic moves to (the idle one).</summary>
        public ProjectTargetGroup To { get; }

        /// <summary>Percent of each route's traffic <see cref="To"/> gets after the switch (100 for a full switch).</summary>
        public int IncomingPercent { get; }

        /// <summary>Routes that change; routes already where they should be are not listed.</summary>
        public IReadOnlyList<RouteChange> Changes { get; }

        /// <summary>True when the switch ends with <see cref="To"/> live or with no canary left (0 or 100 percent).</summary>
        public bool EndsSplit => IncomingPercent == 0 || IncomingPercent == 100;
    }
}
