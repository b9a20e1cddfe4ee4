using System.Collections.Generic;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>Where a forward action sends traffic: one or more weighted target groups, and group stickiness.</summary>
    internal sealed class ForwardActionConfig
    {
        internal ForwardActionConfig(IReadOnlyList<WeightedTargetGroup> targetGroups, bool stickinessEnabled, int? stickinessDurationSeconds)
        {
            TargetGroups = targetGroups;
            StickinessEnabled = stickinessEnabled;
            StickinessDurationSeconds = stickinessDurationSeconds;
        }

        internal IReadOnlyList<WeightedTargetGroup> TargetGroups { get; }

        internal bool StickinessEnabled { get; }

        internal int? StickinessDurationSeconds { get; }
    }
}
