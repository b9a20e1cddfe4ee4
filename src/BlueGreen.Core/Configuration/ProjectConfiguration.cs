namespace BlueGreen.Configuration
{
    /// <summary>
    /// A project's settings, read from its bluegreen.psd1 (see <see cref="ProjectConfigurationReader"/>) and
    /// overridden by cmdlet parameters. Defaults follow cookiecutter-django.
    /// </summary>
    public sealed class ProjectConfiguration
    {
        public const string DefaultFileName = "bluegreen.psd1";

        /// <summary>Project name; the target groups are found by the tag bluegreen:project=&lt;Project&gt;.</summary>
        public string Project { get; set; } = string.Empty;

        public string? Region { get; set; }

        public string? ProfileName { get; set; }

        /// <summary>Load balancer name or ARN.</summary>
        public string LoadBalancer { get; set; } = string.Empty;

        /// <summary>The two target groups (names or ARNs); empty means "find them by tag".</summary>
        public IReadOnlyList<string> TargetGroups { get; set; } = Array.Empty<string>();

        public MachineSettings Machines { get; set; } = new MachineSettings();

        public ComposeSettings Compose { get; set; } = new ComposeSettings();

        public ManageSettings Manage { get; set; } = new ManageSettings();

        public MaintenanceSettings Maintenance { get; set; } = new MaintenanceSettings();

        /// <summary>The pre-switch smoke check: paths the new release must answer through the preview route.</summary>
        public SmokeSettings Smoke { get; set; } = new SmokeSettings();

        /// <summary>How Start-BgDeployment releases: maintenance policy, canary, bake, rollback of migrations.</summary>
        public DeploymentSettings Deployment { get; set; } = new DeploymentSettings();

        /// <summary>How the canary and the bake judge the new release by its load balancer metrics and alarms.</summary>
        public AnalysisSettings Analysis { get; set; } = new AnalysisSettings();

        /// <summary>Where the deployment lock and journal live (SSM Parameter Store) and how many deployments are kept.</summary>
        public DeploymentStateSettings State { get; set; } = new DeploymentStateSettings();

        /// <summary>How BlueGreen calls AWS: how many calls may be in flight at once.</summary>
        public AwsSettings Aws { get; set; } = new AwsSettings();

        /// <summary>How long to wait for new targets to become healthy before giving up.</summary>
        public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How long one external command (manage.py, docker compose, docker, docker-machine, ssh) may run before it is
        /// stopped with a CommandTimedOut error. Cmdlets' -CommandTimeoutSec overrides it.
        /// </summary>
        public TimeSpan CommandTimeout { get; set; } = Processes.CommandRequest.DefaultTimeout;

        /// <summary>The file these settings came from, or null when built in memory.</summary>
        public string? SourcePath { get; set; }

        /// <summary>The tag key that marks a project's target groups, instances and machines.</summary>
        public const string ProjectTagKey = "bluegreen:project";

        public const string ColorTagKey = "bluegreen:color";

        public const string ReleaseTagKey = "bluegreen:release";

        /// <summary>The tag key of the port a machine's target is registered with (Local machines).</summary>
        public const string PortTagKey = "bluegreen:port";

        /// <summary>
        /// The tag key of the deployment that launched a machine (its id), set by RunInstances itself with the
        /// instance's other tags: an instance a deployment launched is known as that deployment's from its first
        /// moment, even when its Name tag (written after a batch launch) never was.
        /// </summary>
        public const string DeploymentTagKey = "bluegreen:deployment";
    }
}
