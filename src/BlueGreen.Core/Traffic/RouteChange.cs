namespace BlueGreen.Traffic
{
    /// <summary>
    /// One listener default action or rule a switch rewrites: where it forwarded before, where it forwards after.
    /// This is what Switch-BgTargetGroup emits for every change it made.
    /// </summary>
    public sealed class RouteChange
    {
        internal RouteChange(ForwardingRoute route, ProjectTargetGroup from, ProjectTargetGroup to, int incomingPercent, IReadOnlyList<Aws.ElasticLoadBalancing.Model.Action> newActions)
        {
            Route = route;
            From = from.Name;
            To = to.Name;
            FromArn = from.Arn;
            ToArn = to.Arn;
            NewActions = newActions;
            ExpectedWeights = new Dictionary<string, int> { [from.Arn] = 100 - incomingPercent, [to.Arn] = incomingPercent };
            Before = Describe(route.Weights, from, to);
            After = Describe(ExpectedWeights, from, to);
        }

        /// <summary>e.g. "HTTPS:443".</summary>
        public string Listener => Route.Listener;

        /// <summary>"default" or the rule's priority.</summary>
        public string Rule => Route.IsDefault ? "default" : Route.RulePriority ?? string.Empty;

        public string Conditions => Route.Conditions;

        /// <summary>True for a preview rule (it follows the idle group; see <see cref="ForwardingRoute.IsPreview"/>).</summary>
        public bool IsPreview => Route.IsPreview;

        /// <summary>The listener ARN (default actions) or rule ARN that was modified.</summary>
        public string ResourceArn => Route.ResourceArn;

        public string From { get; }

        public string To { get; }

        /// <summary>e.g. "blue 100%" (the group's color, or its name when it has none).</summary>
        public string Before { get; }

        /// <summary>e.g. "blue 90%, green 10%".</summary>
        public string After { get; }

        public RouteChangeStatus Status { get; internal set; } = RouteChangeStatus.Planned;

        internal ForwardingRoute Route { get; }

        internal string FromArn { get; }

        internal string ToArn { get; }

        internal IReadOnlyList<Aws.ElasticLoadBalancing.Model.Action> NewActions { get; }

        internal IReadOnlyDictionary<string, int> ExpectedWeights { get; }

        public override string ToString() => $"{Route.Name}: {Before} -> {After}";

        private static string Describe(IReadOnlyDictionary<string, int> weights, ProjectTargetGroup from, ProjectTargetGroup to)
        {
            var parts = new[] { from, to }
                .Where(g => weights.TryGetValue(g.Arn, out int w) && w > 0)
                .Select(g => $"{g.Color ?? g.Name} {weights[g.Arn]}%")
                .ToList();
            return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
        }
    }
}
