namespace BlueGreen.Machines
{
    /// <summary>Which of the project's target groups new machines are registered in.</summary>
    public enum TargetGroupChoice
    {
        /// <summary>The group serving traffic (what the seed's add-machine.sh did).</summary>
        Live,

        /// <summary>The group not serving traffic: where the next release is built up before a switch.</summary>
        Idle,

        /// <summary>Registered nowhere: the machines are orphans until registered.</summary>
        None,
    }
}
