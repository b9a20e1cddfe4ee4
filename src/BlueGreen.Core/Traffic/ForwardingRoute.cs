using System.Globalization;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// A place on the load balancer that forwards traffic: a listener's default actions or one of its rules.
    /// <see cref="Weights"/> is the share (percent, summing to 100) each target group gets there.
    /// </summary>
    public sealed class ForwardingRoute
    {
        /// <summary>The HTTP header whose rules are preview routes (see <see cref="IsPreview"/>).</summary>
        public const string PreviewHeaderName = "X-BlueGreen-Preview";

        internal ForwardingRoute(Listener listener, Rule? rule, IReadOnlyList<Aws.ElasticLoadBalancing.Model.Action> actions, IReadOnlyDictionary<string, int> weights)
        {
            IsPreview = rule != null && IsPreviewRule(rule);
            ListenerArn = listener.ListenerArn ?? string.Empty;
            Protocol = listener.Protocol ?? string.Empty;
            Port = listener.Port;
            RuleConditions = rule?.Conditions ?? new List<RuleCondition>();
            Listener = Describe(listener);
            RuleArn = rule?.RuleArn;
            RulePriority = rule?.Priority;
            Conditions = rule == null ? string.Empty : DescribeConditions(rule.Conditions);
            Actions = actions;
            Weights = weights;
        }

        /// <summary>e.g. "HTTPS:443".</summary>
        public string Listener { get; }

        public string ListenerArn { get; }

        /// <summary>The listener's protocol, e.g. "HTTPS".</summary>
        public string Protocol { get; }

        /// <summary>The listener's port.</summary>
        public int? Port { get; }

        /// <summary>The rule's conditions as the load balancer gives them (empty for a listener's default actions).</summary>
        public IReadOnlyList<RuleCondition> RuleConditions { get; }

        /// <summary>Null for the listener's default actions.</summary>
        public string? RuleArn { get; }

        public string? RulePriority { get; }

        public bool IsDefault => RuleArn == null;

        /// <summary>The rule's conditions in short, e.g. "path /api/*".</summary>
        public string Conditions { get; }

        public IReadOnlyList<Aws.ElasticLoadBalancing.Model.Action> Actions { get; }

        /// <summary>Target group ARN → percent of this route's traffic.</summary>
        public IReadOnlyDictionary<string, int> Weights { get; }

        /// <summary>
        /// A rule matching the header X-BlueGreen-Preview: it keeps the idle group attached to the load balancer, so
        /// the load balancer health-checks its targets (a group no listener uses reports every target "unused") and
        /// the new release can be tried before the switch. Preview routes follow the idle group; they do not count
        /// when deciding which group is live.
        /// </summary>
        public bool IsPreview { get; }

        /// <summary>"HTTPS:443 default" or "HTTPS:443 rule 10 (path /api/*)".</summary>
        public string Name => IsDefault ? Listener + " default" : $"{Listener} rule {RulePriority}" + (Conditions.Length > 0 ? $" ({Conditions})" : string.Empty);

        /// <summary>The ARN ModifyListener or ModifyRule takes.</summary>
        public string ResourceArn => RuleArn ?? ListenerArn;

        public int WeightOf(string targetGroupArn) => Weights.TryGetValue(targetGroupArn, out int weight) ? weight : 0;

        public override string ToString() => Name;

        /// <summary>Whether <paramref name="rule"/> has a condition on the header <see cref="PreviewHeaderName"/> (see <see cref="IsPreview"/>).</summary>
        internal static bool IsPreviewRule(Rule rule) =>
            rule.Conditions.Any(c =>
                c.Field == "http-header" && string.Equals(c.HttpHeaderConfig?.HttpHeaderName, PreviewHeaderName, StringComparison.OrdinalIgnoreCase));

        internal static string Describe(Listener listener) =>
            $"{listener.Protocol}:{listener.Port?.ToString(CultureInfo.InvariantCulture)}";

        private static string DescribeConditions(IEnumerable<RuleCondition> conditions) =>
            string.Join(", ", conditions.Select(c =>
            {
                IEnumerable<string> values = c.Values.Count > 0 ? c.Values
                    : c.PathPatternConfig?.Values ?? c.HostHeaderConfig?.Values ?? c.HttpHeaderConfig?.Values ?? c.HttpRequestMethodConfig?.Values ?? c.SourceIpConfig?.Values ?? Enumerable.Empty<string>();
                string field = c.Field == "http-header" && c.HttpHeaderConfig?.HttpHeaderName != null ? c.HttpHeaderConfig.HttpHeaderName : c.Field ?? "condition";
                return field + " " + string.Join("|", values);
            }));
    }
}
