using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>Where a forward action sends traffic: one or more weighted target groups, and group stickiness.</summary>
    internal sealed class ForwardActionConfig(IReadOnlyList<WeightedTargetGroup> targetGroups, bool stickinessEnabled, int? stickinessDurationSeconds)
    {
        internal IReadOnlyList<WeightedTargetGroup> TargetGroups { get; } = targetGroups;

        internal bool StickinessEnabled { get; } = stickinessEnabled;

        internal int? StickinessDurationSeconds { get; } = stickinessDurationSeconds;

        /// <summary>A forward action's groups: its TargetGroupArn, or its ForwardConfig (the same single group, or 1-5 weighted ones).</summary>
        internal static ForwardActionConfig FromShape(string? single, JsonObject? config)
        {
            var groups = new List<WeightedTargetGroup>();
            foreach (JsonObject group in ShapeValues.Objects(config?["TargetGroups"]))
            {
                string arn = (string?)group["TargetGroupArn"] ?? throw ElbV2Validation.Error(
                    "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
                int weight = (int?)group["Weight"] ?? 1;
                if (weight < 0 || weight > 999)
                {
                    throw ElbV2Validation.Error($"1 validation error detected: Value '{weight}' at 'weight' failed to satisfy constraint: Member must have value between 0 and 999");
                }

                groups.Add(new WeightedTargetGroup(arn, weight));
            }

            if (groups.Count == 0 && single == null)
            {
                throw ElbV2Validation.Error("A target group ARN must be specified");
            }

            if (single != null && groups.Count > 0 && (groups.Count != 1 || groups[0].TargetGroupArn != single))
            {
                throw ElbV2Validation.Error("You cannot specify both a target group ARN and a forward config with different target groups");
            }

            if (groups.Count > 5)
            {
                throw ElbV2Validation.Error("A forward action can have at most 5 target groups");
            }

            if (groups.GroupBy(g => g.TargetGroupArn).Any(g => g.Count() > 1))
            {
                throw ElbV2Validation.Error("A target group can be specified only once in a forward action");
            }

            if (groups.Count == 0)
            {
                groups.Add(new WeightedTargetGroup(single!, 1));
            }

            JsonNode? stickiness = config?["TargetGroupStickinessConfig"];
            bool enabled = (bool?)stickiness?["Enabled"] ?? false;
            int? duration = (int?)stickiness?["DurationSeconds"];
            if (enabled && duration == null)
            {
                throw ElbV2Validation.Error("A duration must be specified when target group stickiness is enabled");
            }

            if (duration < 1 || duration > 604800)
            {
                throw ElbV2Validation.Error($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 1 and 604800");
            }

            return new ForwardActionConfig(groups, enabled, enabled ? duration : null);
        }

        internal JsonObject ToShape() => new JsonObject
        {
            ["TargetGroups"] = ShapeValues.Array(TargetGroups, g => new JsonObject { ["TargetGroupArn"] = g.TargetGroupArn, ["Weight"] = g.Weight }),
            ["TargetGroupStickinessConfig"] = new JsonObject { ["Enabled"] = StickinessEnabled, ["DurationSeconds"] = StickinessDurationSeconds },
        };
    }
}
