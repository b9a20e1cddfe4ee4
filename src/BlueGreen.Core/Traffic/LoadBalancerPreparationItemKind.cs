namespace BlueGreen.Traffic
{
    /// <summary>What one item of Initialize-BgLoadBalancer's work is about.</summary>
    public enum LoadBalancerPreparationItemKind
    {
        /// <summary>The second target group: a copy of the serving one.</summary>
        TargetGroup,

        /// <summary>The second group's attributes (deregistration delay, stickiness, slow start, algorithm), copied from the live group.</summary>
        Attributes,

        /// <summary>The project's tags (bluegreen:project, bluegreen:color) on one of the two groups.</summary>
        Tags,

        /// <summary>The preview rule (header X-BlueGreen-Preview, forwarding to the idle group) of one forwarding listener.</summary>
        PreviewRule,
    }
}
