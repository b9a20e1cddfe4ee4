namespace BlueGreen.Machines
{
    /// <summary>What happens to the machines that did launch when another launch of the same batch failed.</summary>
    public enum LaunchFailurePolicy
    {
        /// <summary>Keep them (and register them in the target group); only the failed launches are cleaned up.</summary>
        Keep,

        /// <summary>Remove them too: the batch is all or nothing, and nothing is registered unless all launched.</summary>
        RollBack,
    }
}
