namespace BlueGreen.Traffic
{
    /// <summary>What a project's target group is doing right now.</summary>
    public enum TargetGroupRole
    {
        /// <summary>Every forwarding listener and rule sends all its traffic here.</summary>
        Live,

        /// <summary>No listener or rule sends traffic here: the next release goes here.</summary>
        Idle,

        /// <summary>Traffic is shared between the two groups by weight (a canary switch in progress).</summary>
        Split,
    }
}
