namespace BlueGreen.Machines
{
    /// <summary>Where a machine stands with respect to the load balancer.</summary>
    public enum MachineRole
    {
        /// <summary>Registered in the target group that serves the traffic.</summary>
        Live,

        /// <summary>Registered in the target group that does not serve (the next release, or the previous one).</summary>
        Idle,

        /// <summary>In neither of the project's target groups.</summary>
        Orphan,
    }
}
