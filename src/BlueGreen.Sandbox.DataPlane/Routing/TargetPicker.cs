using System.Collections.Concurrent;

namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>
    /// Chooses where a forwarded request goes: a target group by weight (per request), then a target of it round-robin
    /// among the healthy ones; with none healthy ALB fails open to every routable target; with none at all, null (503).
    /// </summary>
    internal sealed class TargetPicker
    {
        private readonly ConcurrentDictionary<string, int> _turns = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly Func<int, int> _random;

        /// <param name="random">Returns a number in [0, n): the weight draw (tests pass a fixed sequence).</param>
        internal TargetPicker(Func<int, int>? random = null)
        {
            _random = random ?? (n => Random.Shared.Next(n));
        }

        /// <summary>The group a forward sends this request to; null when every weight is 0.</summary>
        internal string? PickGroup(IReadOnlyList<WeightedGroup> groups)
        {
            int total = groups.Sum(g => Math.Max(0, g.Weight));
            if (total == 0)
            {
                return null;
            }

            int draw = _random(total);
            foreach (WeightedGroup group in groups)
            {
                draw -= Math.Max(0, group.Weight);
                if (draw < 0)
                {
                    return group.TargetGroupArn;
                }
            }

            return groups[groups.Count - 1].TargetGroupArn;
        }

        internal RoutedTarget? PickTarget(RoutedTargetGroup group)
        {
            List<RoutedTarget> healthy = group.Targets.Where(t => t.Healthy).ToList();
            List<RoutedTarget> candidates = healthy.Count > 0 ? healthy : group.Targets;
            if (candidates.Count == 0)
            {
                return null;
            }

            int turn = _turns.AddOrUpdate(group.Arn, 0, (_, previous) => unchecked(previous + 1));
            return candidates[(int)((uint)turn % (uint)candidates.Count)];
        }
    }
}
