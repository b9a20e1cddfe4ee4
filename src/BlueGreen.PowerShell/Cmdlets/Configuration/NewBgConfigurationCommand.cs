using System.IO;
using System.Text;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.PowerShell.Configuration;

namespace BlueGreen.PowerShell.Cmdlets.Configuration
{
    /// <summary>Writes a commented bluegreen.psd1 and returns the configuration it holds.</summary>
    [Cmdlet(VerbsCommon.New, "BgConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ProjectConfiguration))]
    public sealed class NewBgConfigurationCommand : BgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
        public string Project { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string LoadBalancer { get; set; } = string.Empty;

        [Parameter]
        [ValidateCount(2, 2)]
        public string[]? TargetGroupName { get; set; }

        [Parameter]
        public string? Region { get; set; }

        [Parameter]
        public string? ProfileName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MachinePrefix { get; set; }

        [Parameter]
        public MachineProviderKind Provider { get; set; } = MachineProviderKind.Ec2;

        /// <summary>EC2 provider: AMI of new machines.</summary>
        [Parameter]
        [ValidatePattern("^ami-[0-9a-f]{8,17}$")]
        public string? ImageId { get; set; }

        /// <summary>EC2 provider: instance type, e.g. t3.small.</summary>
        [Parameter]
        [ValidatePattern("^[a-z0-9]+[a-z0-9-]*\\.[a-z0-9]+$")]
        public string? InstanceType { get; set; }

        /// <summary>EC2 provider: subnet of new machines.</summary>
        [Parameter]
        [ValidatePattern("^subnet-[0-9a-f]{8,17}$")]
        public string? SubnetId { get; set; }

        /// <summary>EC2 provider: security groups of new machines.</summary>
        [Parameter]
        [ValidatePattern("^sg-[0-9a-f]{8,17}$")]
        public string[]? SecurityGroupId { get; set; }

        /// <summary>EC2 provider: launch template id or name (instead of, or as well as, the settings above).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LaunchTemplate { get; set; }

        /// <summary>EC2 provider: key pair for ssh.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyName { get; set; }

        /// <summary>EC2 provider: the AMI's login user of the ssh:// Docker connection.</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$")]
        public string? SshUser { get; set; }

        /// <summary>EC2 provider: the private key of the key pair (default: ssh's own keys).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SshIdentityFile { get; set; }

        /// <summary>EC2 provider: BlueGreen's known-hosts file (default: $XDG_STATE_HOME/bluegreen/known_hosts).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SshKnownHostsFile { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ComposeFile { get; set; } = "docker-compose.production.yml";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Service { get; set; } = "django";

        [Parameter]
        [ValidateRange(1, 3600)]
        public int HealthTimeoutSeconds { get; set; } = 300;

        [Parameter]
        [ValidateRange(1, 86400)]
        public int CommandTimeoutSeconds { get; set; } = 900;

        /// <summary>Deployment: when maintenance comes on (Auto: only around pending migrations not compatible with the running release).</summary>
        [Parameter]
        public MaintenancePolicy MaintenancePolicy { get; set; } = new DeploymentSettings().Maintenance;

        /// <summary>Deployment: percent of the traffic the new release gets first; 0: no canary.</summary>
        [Parameter]
        [ValidateRange(0, 99)]
        public int CanaryWeight { get; set; } = new DeploymentSettings().CanaryWeight;

        /// <summary>Deployment: how long the new live group is watched after the switch; 0: no bake.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int BakeTimeSeconds { get; set; } = (int)new DeploymentSettings().BakeTime.TotalSeconds;

        /// <summary>Deployment: a multi-step canary's weights (e.g. 10, 50), instead of -CanaryWeight.</summary>
        [Parameter]
        [ValidateCount(1, 5)]
        [ValidateRange(1, 99)]
        public int[]? CanarySteps { get; set; }

        /// <summary>Deployment: target-group stickiness (seconds) while the canary splits traffic; 0: left as it is.</summary>
        [Parameter]
        [ValidateRange(0, 604800)]
        public int CanaryStickinessSeconds { get; set; }

        /// <summary>Analysis: the highest 5xx rate (percent of requests) a canary or bake check allows.</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double MaxErrorRatePercent { get; set; } = new AnalysisSettings().MaxErrorRatePercent;

        /// <summary>Analysis: the slowest TargetResponseTime (by -ResponseTimeStatistic) allowed; 0: not judged.</summary>
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double MaxResponseTimeSeconds { get; set; }

        /// <summary>Analysis: Average or a percentile such as p90.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ResponseTimeStatistic { get; set; } = new AnalysisSettings().ResponseTimeStatistic;

        /// <summary>Analysis: fewer requests than this in a check make it Inconclusive.</summary>
        [Parameter]
        [ValidateRange(0, 1000000)]
        public int MinRequestCount { get; set; } = new AnalysisSettings().MinRequestCount;

        /// <summary>Analysis: an Inconclusive check rolls back too.</summary>
        [Parameter]
        public SwitchParameter FailWhenInconclusive { get; set; }

        /// <summary>Analysis: CloudWatch alarms that fail a check while in ALARM.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Alarm { get; set; }

        /// <summary>Analysis: the metrics' period in seconds (60 in AWS, 1 in the sandbox).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int MetricPeriodSeconds { get; set; } = new AnalysisSettings().PeriodSeconds;

        /// <summary>Analysis off: canaries and bakes are judged by target health only.</summary>
        [Parameter]
        public SwitchParameter NoMetricAnalysis { get; set; }

        /// <summary>Where to write; default ./bluegreen.psd1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ProjectConfiguration.DefaultFileName;

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            var values = new System.Collections.Generic.Dictionary<string, object?>
            {
                ["Project"] = Project,
                ["LoadBalancer"] = LoadBalancer,
                ["Region"] = Region,
                ["ProfileName"] = ProfileName,
                ["TargetGroups"] = TargetGroupName,
                ["HealthTimeoutSeconds"] = HealthTimeoutSeconds,
                ["CommandTimeoutSeconds"] = CommandTimeoutSeconds,
                ["Machines"] = new System.Collections.Generic.Dictionary<string, object?>
                {
                    ["Prefix"] = MachinePrefix,
                    ["Provider"] = Provider.ToString(),
                    ["Ec2"] = new System.Collections.Generic.Dictionary<string, object?>
                    {
                        ["ImageId"] = ImageId,
                        ["InstanceType"] = InstanceType,
                        ["SubnetId"] = SubnetId,
                        ["SecurityGroupIds"] = SecurityGroupId,
                        ["LaunchTemplate"] = LaunchTemplate,
                        ["KeyName"] = KeyName,
                        ["SshUser"] = SshUser,
                        ["Ssh"] = new System.Collections.Generic.Dictionary<string, object?>
                        {
                            ["IdentityFile"] = SshIdentityFile == null ? null : GetUnresolvedProviderPathFromPSPath(SshIdentityFile),
                            ["KnownHostsFile"] = SshKnownHostsFile == null ? null : GetUnresolvedProviderPathFromPSPath(SshKnownHostsFile),
                        },
                    },
                },
                ["Compose"] = new System.Collections.Generic.Dictionary<string, object?> { ["File"] = ComposeFile, ["Service"] = Service },
                ["Deployment"] = new System.Collections.Generic.Dictionary<string, object?>
                {
                    ["Maintenance"] = MaintenancePolicy.ToString(),
                    ["CanaryWeight"] = CanarySteps != null ? null : CanaryWeight,
                    ["CanarySteps"] = CanarySteps,
                    ["CanaryStickinessSeconds"] = CanaryStickinessSeconds,
                    ["BakeTimeSeconds"] = BakeTimeSeconds,
                },
                ["Analysis"] = new System.Collections.Generic.Dictionary<string, object?>
                {
                    ["Enabled"] = !NoMetricAnalysis.IsPresent,
                    ["MaxErrorRatePercent"] = MaxErrorRatePercent,
                    ["MaxResponseTimeSeconds"] = MaxResponseTimeSeconds,
                    ["ResponseTimeStatistic"] = ResponseTimeStatistic,
                    ["MinRequestCount"] = MinRequestCount,
                    ["FailWhenInconclusive"] = FailWhenInconclusive.IsPresent,
                    ["Alarms"] = Alarm,
                    ["PeriodSeconds"] = MetricPeriodSeconds,
                },
            };
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            ProjectConfiguration config;
            try
            {
                config = ProjectConfigurationReader.Read(values, null);
            }
            catch (BlueGreenException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
                return;
            }

            if (File.Exists(path) && !Force)
            {
                ThrowBgError("FileExists", ErrorCategory.ResourceExists,
                    $"'{path}' already exists. Pass -Force to overwrite it, or -Path to write elsewhere.", path);
            }

            if (!ShouldProcess(path, "Write BlueGreen configuration for project '" + Project + "'"))
            {
                return;
            }

            File.WriteAllText(path, ProjectConfigurationTemplate.Render(config), new UTF8Encoding(false));
            try
            {
                WriteObject(ConfigurationFile.Load(path));
            }
            catch (BlueGreenException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
            }
        }
    }
}
