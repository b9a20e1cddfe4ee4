namespace BlueGreen.Traffic
{
    /// <summary>What became of one planned route change.</summary>
    public enum RouteChangeStatus
    {
        Planned,
        Applied,

        /// <summary>Not made: declined at the confirmation prompt, or -WhatIf.</summary>
        Skipped,

        /// <summary>Made, then undone because a later change failed.</summary>
        RolledBack,
    }
}
