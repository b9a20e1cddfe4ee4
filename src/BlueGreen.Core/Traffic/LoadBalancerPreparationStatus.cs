namespace BlueGreen.Traffic
{
    /// <summary>What became of one item of Initialize-BgLoadBalancer's work.</summary>
    public enum LoadBalancerPreparationStatus
    {
        /// <summary>A change still to make.</summary>
        Planned,

        /// <summary>Already as it should be: nothing was changed.</summary>
        Unchanged,

        /// <summary>The target group or the preview rule was created.</summary>
        Created,

        /// <summary>The group got the project's tags.</summary>
        Tagged,

        /// <summary>Attributes copied, or an existing preview rule pointed at the idle group.</summary>
        Modified,

        /// <summary>Not made: declined at the confirmation prompt, -WhatIf, or what it needed was not made.</summary>
        Skipped,
    }
}
