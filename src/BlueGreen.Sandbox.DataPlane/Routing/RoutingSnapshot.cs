namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>One version of the routing table, indexed for lookups; replaced whole when the sandbox sends a new one.</summary>
    internal sealed class RoutingSnapshot
    {
        internal RoutingSnapshot(long version, RoutingTable table)
        {
            Version = version;
            Listeners = table.Listeners.ToDictionary(l => l.Arn, StringComparer.Ordinal);
            TargetGroups = table.TargetGroups.ToDictionary(g => g.Arn, StringComparer.Ordinal);
        }

        internal static RoutingSnapshot Empty { get; } = new RoutingSnapshot(0, new RoutingTable());

        internal long Version { get; }

        internal IReadOnlyDictionary<string, RoutedListener> Listeners { get; }

        internal IReadOnlyDictionary<string, RoutedTargetGroup> TargetGroups { get; }
    }
}
