namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// The instance and system status checks of a running instance as DescribeInstanceStatus reports them:
    /// a summary (<c>initializing</c>, <c>ok</c>, <c>impaired</c>, <c>not-applicable</c>) and the reachability detail
    /// (<c>initializing</c>, <c>passed</c>, <c>failed</c>).
    /// </summary>
    internal sealed class InstanceStatusCheck
    {
        internal static readonly InstanceStatusCheck Initializing = new InstanceStatusCheck("initializing", "initializing");
        internal static readonly InstanceStatusCheck Ok = new InstanceStatusCheck("ok", "passed");
        internal static readonly InstanceStatusCheck NotApplicable = new InstanceStatusCheck("not-applicable", null);

        private InstanceStatusCheck(string summary, string? reachability)
        {
            Summary = summary;
            Reachability = reachability;
        }

        internal string Summary { get; }

        internal string? Reachability { get; }
    }
}
