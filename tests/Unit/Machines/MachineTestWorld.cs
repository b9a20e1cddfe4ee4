using System.Collections.Generic;
using System.Linq;
using BlueGreen.Traffic;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>A project's two target groups (blue live, green idle) as <see cref="TrafficStateReader"/> would read them.</summary>
    internal static class MachineTestWorld
    {
        internal const string BlueArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef";
        internal const string GreenArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/fedcba9876543210";

        /// <param name="blueTargets">Targets of the live (blue) group: id → health state.</param>
        /// <param name="greenTargets">Targets of the idle (green) group.</param>
        internal static TrafficState Traffic(IDictionary<string, string>? blueTargets = null, IDictionary<string, string>? greenTargets = null)
        {
            var blue = new ProjectTargetGroup("shop", "shop-blue", BlueArn, "blue", Targets(blueTargets))
            {
                Role = TargetGroupRole.Live,
                Weight = 100,
                IsIncoming = false,
            };
            var green = new ProjectTargetGroup("shop", "shop-green", GreenArn, "green", Targets(greenTargets))
            {
                Role = TargetGroupRole.Idle,
                Weight = 0,
                IsIncoming = true,
            };
            return new TrafficState("arn:lb", "shop", new[] { blue, green }, new List<ForwardingRoute>(), new List<ForwardingRoute>(), new List<string>());
        }

        private static IReadOnlyList<TargetStatus> Targets(IDictionary<string, string>? targets) =>
            (targets ?? new Dictionary<string, string>()).Select(t => new TargetStatus(t.Key, null, t.Value, null, null)).ToList();
    }
}
