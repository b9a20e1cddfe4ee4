using System.IO;
using System.Text.RegularExpressions;
using BlueGreen.Deployment;

namespace BlueGreen.Configuration
{
    /// <summary>
    /// Turns the key/value tree of a bluegreen.psd1 into a validated <see cref="ProjectConfiguration"/>.
    /// Every bad or missing setting is an error naming the key and the fix; unknown keys are errors too.
    /// </summary>
    public static class ProjectConfigurationReader
    {
        private static readonly Regex ProjectName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\z", RegexOptions.CultureInvariant);
        private static readonly Regex MachinePrefix = new Regex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,40}\z", RegexOptions.CultureInvariant);
        private static readonly Regex ComposeService = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", RegexOptions.CultureInvariant);

        /// <param name="values">Top-level settings (nested sections as dictionaries, lists as sequences).</param>
        /// <param name="sourcePath">The file they came from (for messages and relative paths), or null.</param>
        public static ProjectConfiguration Read(IDictionary<string, object?> values, string? sourcePath) => Read(values, sourcePath, requireLoadBalancer: true);

        /// <param name="values">Top-level settings (nested sections as dictionaries, lists as sequences).</param>
        /// <param name="sourcePath">The file they came from (for messages and relative paths), or null.</param>
        /// <param name="requireLoadBalancer">False for callers that only use the deployment state (lock, history).</param>
        public static ProjectConfiguration Read(IDictionary<string, object?> values, string? sourcePath, bool requireLoadBalancer)
        {
            string source = sourcePath ?? "configuration";
            string baseDirectory = sourcePath != null ? Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? "." : Directory.GetCurrentDirectory();
            var root = new SettingsSection(values, string.Empty, source);
            var config = new ProjectConfiguration { SourcePath = sourcePath };

            config.Project = root.String("Project") ?? throw root.Missing("Project", "name the project, e.g. Project = 'shop'; its target groups carry the tag bluegreen:project=<Project>");
            if (!ProjectName.IsMatch(config.Project))
            {
                throw root.Invalid("Project", $"is '{config.Project}'", "use letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit");
            }

            config.Region = root.String("Region");
            config.ProfileName = root.String("ProfileName");
            config.LoadBalancer = root.String("LoadBalancer") ?? (requireLoadBalancer ? null : string.Empty) ?? throw root.Missing("LoadBalancer", "give the Application Load Balancer's name or ARN, e.g. LoadBalancer = 'shop-alb'");
            config.TargetGroups = root.StringList("TargetGroups", Array.Empty<string>());
            if (config.TargetGroups.Count != 0 && config.TargetGroups.Count != 2)
            {
                throw root.Invalid("TargetGroups", $"lists {config.TargetGroups.Count} target group(s)", "list exactly two (names or ARNs), or remove the key to find them by the tag bluegreen:project=" + config.Project);
            }

            if (config.TargetGroups.Count == 2 && string.Equals(config.TargetGroups[0], config.TargetGroups[1], StringComparison.Ordinal))
            {
                throw root.Invalid("TargetGroups", "names the same group twice", "list the two different target groups that take turns being live");
            }

            int healthSeconds = root.Int("HealthTimeoutSeconds", 300, 1, 3600);
            config.HealthTimeout = TimeSpan.FromSeconds(healthSeconds);
            int commandSeconds = root.Int("CommandTimeoutSeconds", (int)Processes.CommandRequest.DefaultTimeout.TotalSeconds, 1, 86400);
            config.CommandTimeout = TimeSpan.FromSeconds(commandSeconds);

            SettingsSection machinesSection = root.Section("Machines");
            config.Compose = ReadCompose(root.Section("Compose"), baseDirectory);
            config.Machines = ReadMachines(machinesSection, config.Project, baseDirectory, config.Compose.ProjectDirectory);
            config.Manage = ReadManage(root.Section("Manage"), baseDirectory);
            config.Maintenance = ReadMaintenance(root.Section("Maintenance"));
            config.State = ReadState(root.Section("State"));
            config.Smoke = ReadSmoke(root.Section("Smoke"));
            config.Deployment = ReadDeployment(root.Section("Deployment"));
            config.Aws = ReadAws(root.Section("Aws"));
            config.Analysis = ReadAnalysis(root.Section("Analysis"));

            root.RejectUnknownKeys("Project", "Region", "ProfileName", "LoadBalancer", "TargetGroups", "HealthTimeoutSeconds", "CommandTimeoutSeconds", "Machines", "Compose", "Manage", "Maintenance", "State", "Smoke", "Deployment", "Aws", "Analysis");
            return config;
        }

        private static MachineSettings ReadMachines(SettingsSection section, string project, string baseDirectory, string composeProjectDirectory)
        {
            var machines = new MachineSettings
            {
                Prefix = section.String("Prefix", project + "-")!,
                Provider = section.Enum("Provider", MachineProviderKind.Ec2),
                MaxParallelLaunches = section.Int("MaxParallelLaunches", MachineSettings.DefaultMaxParallelLaunches, 1, 64),
            };
            if (!MachinePrefix.IsMatch(machines.Prefix))
            {
                throw section.Invalid("Prefix", $"is '{machines.Prefix}'", "use letters, digits and '-' (at most 41), starting with a letter or digit: machine names are <Prefix><8 hex>");
            }

            SettingsSection dm = section.Section("DockerMachine");
            machines.DockerMachine = new DockerMachineSettings
            {
                Executable = dm.String("Executable", "docker-machine")!,
                Driver = dm.String("Driver", "amazonec2")!,
                EngineLabel = dm.String("EngineLabel", "project=" + project),
                CreateOptions = dm.StringList("CreateOptions", Array.Empty<string>()),
            };
            dm.RejectUnknownKeys("Executable", "Driver", "EngineLabel", "CreateOptions");

            SettingsSection ec2 = section.Section("Ec2");
            machines.Ec2 = new Ec2LaunchSettings
            {
                LaunchTemplate = ec2.String("LaunchTemplate"),
                LaunchTemplateVersion = ec2.String("LaunchTemplateVersion"),
                ImageId = ec2.String("ImageId"),
                InstanceType = ec2.String("InstanceType"),
                SubnetId = ec2.String("SubnetId"),
                SecurityGroupIds = ec2.StringList("SecurityGroupIds", Array.Empty<string>()),
                KeyName = ec2.String("KeyName"),
                InstanceProfile = ec2.String("InstanceProfile"),
                SshUser = Ec2SshSettingsReader.ReadUser(ec2),
                UserData = ec2.String("UserData"),
                Ssh = Ec2SshSettingsReader.Read(ec2.Section("Ssh"), baseDirectory),
            };
            ec2.RejectUnknownKeys("LaunchTemplate", "LaunchTemplateVersion", "ImageId", "InstanceType", "SubnetId", "SecurityGroupIds", "KeyName", "InstanceProfile", "SshUser", "UserData", "Ssh");

            machines.Local = ReadLocal(section.Section("Local"), baseDirectory, composeProjectDirectory);

            section.RejectUnknownKeys("Prefix", "Provider", "MaxParallelLaunches", "DockerMachine", "Ec2", "Local");
            return machines;
        }

        private static readonly Regex WsgiModule = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*)?\z", RegexOptions.CultureInvariant);
        private static readonly Regex VariableName = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex ImageId = new Regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);

        private static LocalMachineSettings ReadLocal(SettingsSection section, string baseDirectory, string composeProjectDirectory)
        {
            var defaults = new LocalMachineSettings();
            string? appDirectory = section.String("AppDirectory");
            string? stateDirectory = section.String("StateDirectory");
            var local = new LocalMachineSettings
            {
                AppDirectory = appDirectory == null ? composeProjectDirectory : Path.GetFullPath(Path.Combine(baseDirectory, appDirectory)),
                WsgiModule = section.String("WsgiModule"),
                Python = section.String("Python", defaults.Python)!,
                Gunicorn = section.String("Gunicorn", defaults.Gunicorn)!,
                Workers = section.Int("Workers", defaults.Workers, 1, 32),
                Environment = section.StringMap("Environment"),
                Exclude = section.StringList("Exclude", LocalMachineSettings.DefaultExclude),
                StateDirectory = Path.GetFullPath(Path.Combine(baseDirectory, stateDirectory ?? LocalMachineSettings.DefaultStateDirectory)),
                ReadyTimeout = section.Seconds("ReadyTimeoutSeconds", defaults.ReadyTimeout, 1, 3600),
                StopTimeout = section.Seconds("StopTimeoutSeconds", defaults.StopTimeout, 1, 300),
                ImageId = section.String("ImageId", defaults.ImageId)!,
                InstanceType = section.String("InstanceType", defaults.InstanceType)!,
                Runtime = section.Enum("Runtime", defaults.Runtime),
                PortVariable = section.String("PortVariable", defaults.PortVariable)!,
                DockerHost = section.String("DockerHost", defaults.DockerHost)!,
            };
            if (!VariableName.IsMatch(local.PortVariable))
            {
                throw section.Invalid("PortVariable", $"is '{local.PortVariable}'", "name the variable the compose file takes the machine's port from, e.g. 'PORT' or 'SHOP_PORT' (letters, digits and '_', not starting with a digit)");
            }

            if (!local.DockerHost.StartsWith("unix:///", StringComparison.Ordinal) || local.DockerHost.Length <= "unix:///".Length)
            {
                throw section.Invalid("DockerHost", $"is '{local.DockerHost}'", "give this host's engine socket as unix:///path, e.g. '" + LocalMachineSettings.DefaultDockerHost + "' (the Compose runtime uses only an engine of this host)");
            }

            if (local.WsgiModule != null && !WsgiModule.IsMatch(local.WsgiModule))
            {
                throw section.Invalid("WsgiModule", $"is '{local.WsgiModule}'", "give the Python module of the WSGI application as gunicorn takes it, e.g. 'project.wsgi' or 'project.wsgi:application'");
            }

            foreach (KeyValuePair<string, string> variable in local.Environment)
            {
                if (!VariableName.IsMatch(variable.Key))
                {
                    throw section.Invalid("Environment", $"has the variable name '{variable.Key}'", "use letters, digits and '_', not starting with a digit, e.g. DJANGO_SETTINGS_MODULE");
                }
            }

            foreach (string pattern in local.Exclude)
            {
                if (pattern.IndexOfAny(new[] { '/', '\\' }) >= 0 || pattern == "." || pattern == "..")
                {
                    throw section.Invalid("Exclude", $"has '{pattern}'", "list file or directory names (or * patterns) without a path, e.g. @('.git', '__pycache__', '*.sqlite3')");
                }
            }

            if (IsSameOrInside(local.AppDirectory, local.StateDirectory))
            {
                throw section.Invalid("StateDirectory", $"is '{local.StateDirectory}', which contains the app directory '{local.AppDirectory}'", "put it inside the app directory (it is left out of snapshots) or anywhere outside it, e.g. '.bluegreen/local'");
            }

            if (!ImageId.IsMatch(local.ImageId))
            {
                throw section.Invalid("ImageId", $"is '{local.ImageId}'", "give an AMI id of the form ami-<8 or 17 hex digits>, or remove the key");
            }

            section.RejectUnknownKeys("AppDirectory", "Runtime", "WsgiModule", "Python", "Gunicorn", "Workers", "Environment", "Exclude", "StateDirectory", "ReadyTimeoutSeconds", "StopTimeoutSeconds", "ImageId", "InstanceType", "PortVariable", "DockerHost");
            return local;
        }

        /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies inside it.</summary>
        internal static bool IsSameOrInside(string path, string directory)
        {
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            return string.Equals(full, root, StringComparison.Ordinal)
                || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }

        private static ComposeSettings ReadCompose(SettingsSection section, string baseDirectory)
        {
            var compose = new ComposeSettings
            {
                Command = section.StringListOrNull("Command"),
                DockerExecutable = section.String("DockerExecutable"),
                File = section.String("File", "docker-compose.production.yml")!,
                Service = section.String("Service", "django")!,
                ProjectDirectory = Path.GetFullPath(Path.Combine(baseDirectory, section.String("ProjectDirectory", ".")!)),
            };
            if (!ComposeService.IsMatch(compose.Service))
            {
                throw section.Invalid("Service", $"is '{compose.Service}'", "name the compose service that runs Django, e.g. 'django'");
            }

            if (compose.Command != null && (compose.Command.Count == 0 || compose.Command.Any(a => a.Trim().Length == 0)))
            {
                throw section.Invalid("Command", compose.Command.Count == 0 ? "is empty" : "has an empty item",
                    "give the compose command as an array, e.g. @('docker', 'compose') (Compose v2) or @('docker-compose') (v1), or remove it to detect which is installed");
            }

            section.RejectUnknownKeys("Command", "DockerExecutable", "File", "Service", "ProjectDirectory");
            return compose;
        }

        private static ManageSettings ReadManage(SettingsSection section, string baseDirectory)
        {
            var defaults = new ManageSettings();
            var manage = new ManageSettings
            {
                Command = section.StringList("Command", defaults.Command),
                Mode = section.Enum("Mode", ManageMode.Exec),
                LocalCommand = section.StringList("LocalCommand", Array.Empty<string>()),
                Sessions = section.Bool("Sessions", defaults.Sessions),
            };
            string? workingDirectory = section.String("LocalWorkingDirectory");
            manage.LocalWorkingDirectory = workingDirectory == null ? null : Path.GetFullPath(Path.Combine(baseDirectory, workingDirectory));
            if (manage.Command.Count == 0)
            {
                throw section.Invalid("Command", "is empty", "give the manage.py command inside the service, e.g. @('python', '/app/manage.py')");
            }

            section.RejectUnknownKeys("Command", "Mode", "LocalCommand", "LocalWorkingDirectory", "Sessions");
            return manage;
        }

        private static DeploymentStateSettings ReadState(SettingsSection section)
        {
            var state = new DeploymentStateSettings
            {
                Prefix = section.String("Prefix"),
                HistoryLimit = section.Int("HistoryLimit", DeploymentStateSettings.DefaultHistoryLimit, 1, 100),
            };
            if (state.Prefix != null)
            {
                if (!state.Prefix.EndsWith("/", StringComparison.Ordinal))
                {
                    state.Prefix += "/";
                }

                try
                {
                    BlueGreen.Deployment.DeploymentStateLocation.ValidatePrefix(state.Prefix);
                }
                catch (BlueGreen.Diagnostics.BlueGreenException ex)
                {
                    throw section.Invalid("Prefix", $"is '{state.Prefix}'", ex.Message.TrimEnd('.'));
                }
            }

            section.RejectUnknownKeys("Prefix", "HistoryLimit");
            return state;
        }

        private static SmokeSettings ReadSmoke(SettingsSection section)
        {
            var defaults = new SmokeSettings();
            var smoke = new SmokeSettings
            {
                Paths = section.StringList("Paths", defaults.Paths),
                ExpectedStatus = section.Int("ExpectedStatus", defaults.ExpectedStatus, 100, 599),
                Attempts = section.Int("Attempts", defaults.Attempts, 1, 20),
                Delay = section.Seconds("DelaySeconds", defaults.Delay, 0, 300),
                Timeout = section.Seconds("TimeoutSeconds", defaults.Timeout, 1, 300),
                AllowInvalidCertificate = section.Bool("AllowInvalidCertificate", defaults.AllowInvalidCertificate),
            };
            if (smoke.Paths.Count == 0)
            {
                throw section.Invalid("Paths", "is empty", "list at least one path the new release must answer, e.g. Paths = @('/', '/healthz/')");
            }

            foreach (string path in smoke.Paths)
            {
                if (!path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.Any(char.IsWhiteSpace) || path.Contains('#'))
                {
                    throw section.Invalid("Paths", $"has '{path}'", "give paths on the site, each starting with a single '/', without spaces or '#', e.g. '/healthz/' or '/api/status?full=1'");
                }
            }

            string? baseUrl = section.String("BaseUrl");
            if (baseUrl != null)
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || uri.AbsolutePath != "/" || uri.Query.Length != 0 || uri.Fragment.Length != 0 || uri.UserInfo.Length != 0)
                {
                    throw section.Invalid("BaseUrl", $"is '{baseUrl}'", "give only a scheme, host and optional port, e.g. 'https://shop.example.com' or 'http://10.0.0.5:8080', or remove it to use the load balancer's DNS name and the preview listener");
                }

                smoke.BaseUrl = uri;
            }

            section.RejectUnknownKeys("Paths", "ExpectedStatus", "Attempts", "DelaySeconds", "TimeoutSeconds", "BaseUrl", "AllowInvalidCertificate");
            return smoke;
        }

        private static DeploymentSettings ReadDeployment(SettingsSection section)
        {
            var defaults = new DeploymentSettings();
            var deployment = new DeploymentSettings
            {
                Maintenance = section.Enum("Maintenance", defaults.Maintenance),
                CanaryWeight = section.Int("CanaryWeight", defaults.CanaryWeight, 0, 99),
                CanarySteps = section.IntList("CanarySteps", defaults.CanarySteps, 1, 99),
                CanaryStickiness = section.Seconds("CanaryStickinessSeconds", defaults.CanaryStickiness, 0, 604800),
                CanaryDuration = section.Seconds("CanaryDurationSeconds", defaults.CanaryDuration, 1, 86400),
                BakeTime = section.Seconds("BakeTimeSeconds", defaults.BakeTime, 0, 86400),
                CheckInterval = section.Seconds("CheckIntervalSeconds", defaults.CheckInterval, 1, 3600),
                RevertMigrationsOnRollback = section.Bool("RevertMigrationsOnRollback", defaults.RevertMigrationsOnRollback),
                DrainTimeout = section.Seconds("DrainTimeoutSeconds", defaults.DrainTimeout, 0, 3600),
            };

            if (deployment.CanarySteps.Count > ReleaseOptions.MaxCanarySteps || deployment.CanarySteps.Zip(deployment.CanarySteps.Skip(1), (a, b) => b <= a).Any(x => x))
            {
                throw section.Invalid("CanarySteps", $"is @({string.Join(", ", deployment.CanarySteps)})", $"give 1 to {ReleaseOptions.MaxCanarySteps} weights, each larger than the one before, e.g. CanarySteps = @(10, 50)");
            }

            section.RejectUnknownKeys("Maintenance", "CanaryWeight", "CanarySteps", "CanaryStickinessSeconds", "CanaryDurationSeconds", "BakeTimeSeconds", "CheckIntervalSeconds", "RevertMigrationsOnRollback", "DrainTimeoutSeconds");
            return deployment;
        }

        private static AwsSettings ReadAws(SettingsSection section)
        {
            var aws = new AwsSettings
            {
                MaxConcurrentRequests = section.Int("MaxConcurrentRequests", AwsSettings.DefaultMaxConcurrentRequests, 1, AwsSettings.MaxMaxConcurrentRequests),
            };
            section.RejectUnknownKeys("MaxConcurrentRequests");
            return aws;
        }

        private static AnalysisSettings ReadAnalysis(SettingsSection section)
        {
            var defaults = new AnalysisSettings();
            double maxTime = section.Double("MaxResponseTimeSeconds", 0, 0, 3600);
            var analysis = new AnalysisSettings
            {
                Enabled = section.Bool("Enabled", defaults.Enabled),
                MaxErrorRatePercent = section.Double("MaxErrorRatePercent", defaults.MaxErrorRatePercent, 0, 100),
                MaxResponseTime = maxTime > 0 ? TimeSpan.FromSeconds(maxTime) : null,
                ResponseTimeStatistic = section.String("ResponseTimeStatistic", defaults.ResponseTimeStatistic)!,
                MinRequestCount = section.Int("MinRequestCount", defaults.MinRequestCount, 0, 1000000),
                FailWhenInconclusive = section.Bool("FailWhenInconclusive", defaults.FailWhenInconclusive),
                Alarms = section.StringList("Alarms", defaults.Alarms),
                PeriodSeconds = section.Int("PeriodSeconds", defaults.PeriodSeconds, 1, 3600),
            };
            if (MetricAnalysis.ResponseTimeStatisticProblem(analysis.ResponseTimeStatistic) is string problem)
            {
                throw section.Invalid("ResponseTimeStatistic", $"is '{analysis.ResponseTimeStatistic}'", problem);
            }

            foreach (string alarm in analysis.Alarms)
            {
                if (MetricAnalysis.AlarmNameProblem(alarm) is string wrong)
                {
                    throw section.Invalid("Alarms", $"has '{alarm}'", wrong);
                }
            }

            section.RejectUnknownKeys("Enabled", "MaxErrorRatePercent", "MaxResponseTimeSeconds", "ResponseTimeStatistic", "MinRequestCount", "FailWhenInconclusive", "Alarms", "PeriodSeconds");
            return analysis;
        }

        private static MaintenanceSettings ReadMaintenance(SettingsSection section)
        {
            var defaults = new MaintenanceSettings();
            var maintenance = new MaintenanceSettings
            {
                Mode = section.Enum("Mode", defaults.Mode),
                On = section.StringList("On", defaults.On),
                Off = section.StringList("Off", defaults.Off),
                Shared = section.Bool("Shared", defaults.Shared),
                StatusCode = section.Int("StatusCode", defaults.StatusCode, 500, 599),
                ContentType = section.String("ContentType", defaults.ContentType)!,
                Body = section.String("Body", defaults.Body)!,
            };
            foreach (var (key, value) in new[] { ("On", maintenance.On), ("Off", maintenance.Off) })
            {
                if (value.Count == 0)
                {
                    throw section.Invalid(key, "is empty", "give the manage.py arguments, e.g. @('maintenance_mode', '" + key.ToLowerInvariant() + "')");
                }
            }

            if (!MaintenanceSettings.AllowedContentTypes.Contains(maintenance.ContentType, StringComparer.Ordinal))
            {
                throw section.Invalid("ContentType", $"is '{maintenance.ContentType}', which a load balancer's fixed response does not allow",
                    "use one of " + string.Join(", ", MaintenanceSettings.AllowedContentTypes));
            }

            int bodyBytes = System.Text.Encoding.UTF8.GetByteCount(maintenance.Body);
            if (bodyBytes > MaintenanceSettings.MaxBodyBytes)
            {
                throw section.Invalid("Body", $"is {bodyBytes} bytes (UTF-8), more than the {MaintenanceSettings.MaxBodyBytes} a load balancer's fixed response holds",
                    "shorten it, e.g. to a short HTML page that links to a status page");
            }

            if (maintenance.Mode == MaintenanceModeKind.LoadBalancer && maintenance.Shared)
            {
                throw section.Invalid("Shared", "is $true with Mode = 'LoadBalancer'",
                    "Shared says where django-maintenance-mode keeps its state and only applies to Mode = 'Django'; remove it or set Mode = 'Django'");
            }

            section.RejectUnknownKeys("Mode", "On", "Off", "Shared", "StatusCode", "ContentType", "Body");
            return maintenance;
        }
    }
}
