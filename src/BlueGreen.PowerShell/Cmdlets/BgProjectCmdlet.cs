using System.IO;
using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.PowerShell.Configuration;

namespace BlueGreen.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of cmdlets that act on a project: loads bluegreen.psd1 (from -ConfigPath, else the current directory)
    /// and applies the parameter overrides. Without a file, -Project and -LoadBalancer are enough.
    /// </summary>
    public abstract class BgProjectCmdlet : BgAwsCmdlet
    {
        private ProjectConfiguration? _project;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigPath { get; set; }

        /// <summary>Overrides the configuration's Project.</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
        public string? Project { get; set; }

        /// <summary>Overrides the configuration's LoadBalancer (name or ARN).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LoadBalancer { get; set; }

        /// <summary>Overrides the configuration's TargetGroups (exactly two names or ARNs).</summary>
        [Parameter]
        [ValidateCount(2, 2)]
        [ValidateNotNullOrEmpty]
        public string[]? TargetGroupName { get; set; }

        /// <summary>
        /// False for cmdlets that use only the project's deployment state (lock, history): -Project is then enough
        /// without a project file.
        /// </summary>
        protected virtual bool RequiresLoadBalancer => true;

        /// <summary>The project's settings with every override applied. Loaded once per cmdlet invocation.</summary>
        protected ProjectConfiguration ProjectConfiguration => _project ??= LoadProject();

        /// <summary>Connection settings: parameters first, then the configuration's Region / ProfileName.</summary>
        protected AwsConnectionSettings ProjectConnection
        {
            get
            {
                AwsConnectionSettings settings = ConnectionSettings;
                return settings with
                {
                    Region = settings.Region ?? ProjectConfiguration.Region,
                    ProfileName = settings.ProfileName ?? ProjectConfiguration.ProfileName,
                    MaxConcurrentRequests = settings.MaxConcurrentRequests ?? ProjectConfiguration.Aws.MaxConcurrentRequests,
                };
            }
        }

        private ProjectConfiguration LoadProject()
        {
            ProjectConfiguration config;
            try
            {
                string? path = ConfigPath != null
                    ? GetUnresolvedProviderPathFromPSPath(ConfigPath)
                    : Path.Combine(SessionState.Path.CurrentFileSystemLocation.ProviderPath, ProjectConfiguration.DefaultFileName);
                if (ConfigPath == null && !File.Exists(path))
                {
                    if (Project == null || (RequiresLoadBalancer && LoadBalancer == null))
                    {
                        ThrowBgError("ConfigurationNotFound", ErrorCategory.ObjectNotFound,
                            $"No {ProjectConfiguration.DefaultFileName} in '{Path.GetDirectoryName(path)}'. Run New-BgConfiguration to write one, pass -ConfigPath, or pass " +
                            (RequiresLoadBalancer ? "both -Project and -LoadBalancer." : "-Project."),
                            path);
                    }

                    var values = new System.Collections.Generic.Dictionary<string, object?> { ["Project"] = Project };
                    if (LoadBalancer != null)
                    {
                        values["LoadBalancer"] = LoadBalancer;
                    }

                    config = ProjectConfigurationReader.Read(values, null, RequiresLoadBalancer);
                }
                else
                {
                    WriteVerbose($"Reading project settings from {path}.");
                    config = ConfigurationFile.Load(path);
                }
            }
            catch (BlueGreenException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
                throw;
            }

            if (Project != null)
            {
                config.Project = Project;
            }

            if (LoadBalancer != null)
            {
                config.LoadBalancer = LoadBalancer;
            }

            if (TargetGroupName != null)
            {
                if (string.Equals(TargetGroupName[0], TargetGroupName[1], StringComparison.Ordinal))
                {
                    ThrowBgError("DuplicateTargetGroupName", ErrorCategory.InvalidArgument,
                        $"-TargetGroupName names '{TargetGroupName[0]}' twice. Pass the two different target groups that take turns being live.", TargetGroupName);
                }

                config.TargetGroups = TargetGroupName;
            }

            return config;
        }
    }
}
