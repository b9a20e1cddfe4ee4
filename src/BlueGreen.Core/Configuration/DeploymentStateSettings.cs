namespace BlueGreen.Configuration
{
    /// <summary>Where the deployment lock and journal live in SSM Parameter Store, and how much history is kept.</summary>
    public sealed class DeploymentStateSettings
    {
        public const int DefaultHistoryLimit = 20;

        /// <summary>Parameter name prefix; null means /bluegreen/&lt;Project&gt;/.</summary>
        public string? Prefix { get; set; }

        /// <summary>The newest this many deployments are kept; older ones are deleted.</summary>
        public int HistoryLimit { get; set; } = DefaultHistoryLimit;
    }
}
