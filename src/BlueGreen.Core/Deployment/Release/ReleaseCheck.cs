using BlueGreen.Machines;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A user's check of a deployment (Start-BgDeployment -BeforeSwitch / -AfterSwitch scriptblocks): it returns null
    /// when the release is fine, or why it is not. A check that throws fails the same way.
    /// </summary>
    public sealed class ReleaseCheck
    {
        public ReleaseCheck(string name, Func<ReleaseCheckContext, CancellationToken, Task<string?>> run)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Run = run ?? throw new ArgumentNullException(nameof(run));
        }

        /// <summary>e.g. "BeforeSwitch[1]".</summary>
        public string Name { get; }

        public Func<ReleaseCheckContext, CancellationToken, Task<string?>> Run { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// What a -BeforeSwitch or -AfterSwitch check is given (as $_ and its first argument): the deployment, the new
    /// machines and how to reach the new release through the load balancer's preview rule before the switch.
    /// </summary>
    public sealed class ReleaseCheckContext
    {
        internal ReleaseCheckContext(string phase, DeploymentRecord deployment, IReadOnlyList<Machine> newMachines, ProjectTargetGroup newGroup, ProjectTargetGroup oldGroup,
            string? loadBalancerDnsName, Uri? previewUrl, Uri? siteUrl, string? previewHost)
        {
            SiteUrl = siteUrl;
            PreviewHost = previewHost;
            Phase = phase;
            Deployment = deployment;
            NewMachines = newMachines;
            NewTargetGroup = newGroup;
            OldTargetGroup = oldGroup;
            LoadBalancerDnsName = loadBalancerDnsName;
            PreviewUrl = previewUrl;
        }

        /// <summary>BeforeSwitch, Canary or Bake.</summary>
        public string Phase { get; }

        public DeploymentRecord Deployment { get; }

        public string DeploymentId => Deployment.Id;

        public string Release => Deployment.Release;

        public IReadOnlyList<Machine> NewMachines { get; }

        public ProjectTargetGroup NewTargetGroup { get; }

        public ProjectTargetGroup OldTargetGroup { get; }

        public string? LoadBalancerDnsName { get; }

        /// <summary>
        /// BeforeSwitch only: where the preview rule answers (the smoke check's base URL; send
        /// <see cref="PreviewHeaderName"/> to reach the new release). Null after the switch, when the preview rule
        /// follows the idle group (the old release), and when there is no preview rule.
        /// </summary>
        public Uri? PreviewUrl { get; }

        /// <summary>The site's base URL through the load balancer (Smoke.BaseUrl or the listener): after the switch, the new release without any header.</summary>
        public Uri? SiteUrl { get; }

        /// <summary>The Host header the preview rule needs, when it has a host condition; else null.</summary>
        public string? PreviewHost { get; }

        /// <summary>The header that routes a request to the new release before the switch.</summary>
        public string PreviewHeaderName => ForwardingRoute.PreviewHeaderName;

        /// <summary>A value of <see cref="PreviewHeaderName"/> the preview rule matches.</summary>
        public string PreviewHeaderValue { get; internal set; } = "1";

        public override string ToString() => $"{Phase} check of deployment {DeploymentId} ({Release})";
    }
}
