namespace BlueGreen.Traffic
{
    /// <summary>
    /// One of a project's two target groups, as Get-BgTargetGroup shows it: its role, its share of traffic, its
    /// targets and their health, and the listeners and rules that forward to it.
    /// </summary>
    public sealed class ProjectTargetGroup
    {
        internal ProjectTargetGroup(string project, string name, string arn, string? color, IReadOnlyList<TargetStatus> targets)
        {
            Project = project;
            Name = name;
            Arn = arn;
            Color = color;
            Targets = targets;
        }

        public string Project { get; }

        public string Name { get; }

        public string Arn { get; }

        /// <summary>blue or green: from the tag bluegreen:color, else from the name; null when neither tells.</summary>
        public string? Color { get; }

        public TargetGroupRole Role { get; internal set; }

        /// <summary>
        /// Share of the forwarded traffic (percent) this group gets, over every forwarding listener and rule
        /// (100 for Live, 0 for Idle).
        /// </summary>
        public int Weight { get; internal set; }

        /// <summary>True for the group a canary switch is moving traffic to.</summary>
        public bool IsIncoming { get; internal set; }

        public IReadOnlyList<TargetStatus> Targets { get; }

        public int HealthyCount => Targets.Count(t => t.IsHealthy);

        public int TargetCount => Targets.Count;

        /// <summary>Names of the listeners and rules that forward here, e.g. "HTTPS:443 default".</summary>
        public IReadOnlyList<string> ForwardedBy { get; internal set; } = Array.Empty<string>();

        public string LoadBalancer { get; internal set; } = string.Empty;

        public override string ToString() => Name;
    }
}
