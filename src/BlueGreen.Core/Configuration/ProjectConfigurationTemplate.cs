using System.Text;

namespace BlueGreen.Configuration
{
    /// <summary>Writes a commented bluegreen.psd1 for a configuration (what New-BgConfiguration saves).</summary>
    public static class ProjectConfigurationTemplate
    {
        public static string Render(ProjectConfiguration config)
        {
            var text = new StringBuilder();
            text.AppendLine("# BlueGreen project settings. Every setting can be overridden by the cmdlet parameter of the same name.");
            text.AppendLine("# Read with PowerShell's data-file rules: literals only (no variables, no commands).");
            text.AppendLine("@{");
            Line(text, 1, "Project", Quote(config.Project), "Project name. Target groups, instances and machines carry the tag bluegreen:project=<Project>.");
            Optional(text, 1, "Region", config.Region, "AWS region. Default: -Region, then the profile, then AWS_REGION / AWS_DEFAULT_REGION.");
            Optional(text, 1, "ProfileName", config.ProfileName, "AWS profile (shared config/credentials, SSO). Default: the SDK's default credential chain.");
            Line(text, 1, "LoadBalancer", Quote(config.LoadBalancer), "Application Load Balancer: name or ARN.");
            if (config.TargetGroups.Count == 2)
            {
                Line(text, 1, "TargetGroups", List(config.TargetGroups), "The two target groups that take turns being live (names or ARNs).");
            }
            else
            {
                Comment(text, 1, "TargetGroups = @('shop-blue', 'shop-green')", "The two target groups (names or ARNs). Default: the two tagged bluegreen:project=<Project>.");
            }

            Line(text, 1, "HealthTimeoutSeconds", ((int)config.HealthTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long new targets may take to become healthy.");
            Line(text, 1, "CommandTimeoutSeconds", ((int)config.CommandTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long one manage.py, compose, docker or docker-machine command may run before it is stopped.");
            text.AppendLine();

            MachineSettings m = config.Machines;
            text.AppendLine("    Machines = @{");
            Line(text, 2, "Prefix", Quote(m.Prefix), "Machine names are <Prefix><8 hex>.");
            Line(text, 2, "Provider", Quote(m.Provider.ToString()), "Ec2 (RunInstances, Docker over ssh://), DockerMachine (docker-machine, amazonec2 driver) or Local (gunicorn on this host, against a loopback sandbox only).");
            Line(text, 2, "MaxParallelLaunches", m.MaxParallelLaunches.ToString(System.Globalization.CultureInfo.InvariantCulture), "At most this many machines are started (ssh, docker compose up) at once; EC2 instances are all made by one RunInstances.");
            text.AppendLine("        Ec2 = @{");
            Optional(text, 3, "LaunchTemplate", m.Ec2.LaunchTemplate, "Launch template id or name (then ImageId/InstanceType may come from it).");
            Optional(text, 3, "LaunchTemplateVersion", m.Ec2.LaunchTemplateVersion, "$Default, $Latest or a version number.");
            Optional(text, 3, "ImageId", m.Ec2.ImageId, "AMI with Docker installed.");
            Optional(text, 3, "InstanceType", m.Ec2.InstanceType, "e.g. t3.small.");
            Optional(text, 3, "SubnetId", m.Ec2.SubnetId, "Subnet to launch into.");
            if (m.Ec2.SecurityGroupIds.Count > 0)
            {
                Line(text, 3, "SecurityGroupIds", List(m.Ec2.SecurityGroupIds), "Security groups of new instances.");
            }
            else
            {
                Comment(text, 3, "SecurityGroupIds = @('sg-0123456789abcdef0')", "Security groups of new instances.");
            }

            Optional(text, 3, "KeyName", m.Ec2.KeyName, "EC2 key pair for ssh.");
            Optional(text, 3, "InstanceProfile", m.Ec2.InstanceProfile, "Instance profile name or ARN.");
            Line(text, 3, "SshUser", Quote(m.Ec2.SshUser), "User of the ssh://<user>@<address> Docker connection: the AMI's login user (ubuntu, ec2-user, admin, ...).");
            Ec2SshSettings ssh = m.Ec2.Ssh;
            text.AppendLine("            Ssh = @{");
            Line(text, 4, "HostKeyTrust", Quote(ssh.HostKeyTrust.ToString()), "ConsoleOutput: each instance's host key is verified against the fingerprints cloud-init prints to its console; KnownHostsFile: only keys you keep in KnownHostsFile are trusted.");
            Optional(text, 4, "IdentityFile", ssh.IdentityFile, "Private key of the key pair (KeyName). Default: ssh's own keys (~/.ssh/id_*, the agent).");
            Optional(text, 4, "KnownHostsFile", ssh.KnownHostsFile, "BlueGreen's known-hosts file (never ~/.ssh/known_hosts). Default: $XDG_STATE_HOME/bluegreen/known_hosts, else ~/.local/state/bluegreen/known_hosts.");
            Line(text, 4, "ConnectTimeoutSeconds", ((int)ssh.ConnectTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "ssh's ConnectTimeout (1-300).");
            Line(text, 4, "HostKeyTimeoutSeconds", ((int)ssh.HostKeyTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long a new instance may take to print its host key fingerprints and answer on port 22 (1-3600).");
            Line(text, 4, "DockerTimeoutSeconds", ((int)ssh.DockerTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long Docker may take to answer over ssh once the host key is trusted (1-3600).");
            Line(text, 4, "ConnectionReuseSeconds", ((int)ssh.ConnectionReuse.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long an idle ssh connection to a machine is kept for the next command (0-3600; 0: a new connection each time).");
            text.AppendLine("            }");
            text.AppendLine("        }");
            text.AppendLine("        DockerMachine = @{");
            Line(text, 3, "Executable", Quote(m.DockerMachine.Executable), "docker-machine executable (name on PATH or full path).");
            Line(text, 3, "Driver", Quote(m.DockerMachine.Driver), "docker-machine driver.");
            Optional(text, 3, "EngineLabel", m.DockerMachine.EngineLabel, "--engine-label of every machine; used to list them.");
            if (m.DockerMachine.CreateOptions.Count > 0)
            {
                Line(text, 3, "CreateOptions", List(m.DockerMachine.CreateOptions), "Extra 'docker-machine create' options.");
            }
            else
            {
                Comment(text, 3, "CreateOptions = @('--amazonec2-instance-type', 't3.small')", "Extra 'docker-machine create' options.");
            }

            text.AppendLine("        }");
            text.AppendLine("        Local = @{");
            Comment(text, 3, "AppDirectory = '.'", "Local provider: the directory each launch snapshots. Default: Compose.ProjectDirectory.");
            Line(text, 3, "Runtime", Quote(m.Local.Runtime.ToString()), "Local provider: Gunicorn (on this host) or Compose (a compose project of the snapshot on this host's Docker engine).");
            Comment(text, 3, "PortVariable = 'PORT'", "Local provider, Compose runtime: the variable the compose file takes the machine's port from.");
            Optional(text, 3, "WsgiModule", m.Local.WsgiModule, "Local provider: gunicorn's WSGI module, e.g. 'project.wsgi'. Default: the one */wsgi.py of the app directory.");
            Line(text, 3, "Python", Quote(m.Local.Python), "Local provider: the python that runs manage.py in a snapshot.");
            Line(text, 3, "Gunicorn", Quote(m.Local.Gunicorn), "Local provider: the gunicorn that serves a snapshot on 127.0.0.1.");
            Line(text, 3, "Workers", m.Local.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "Local provider: gunicorn workers per machine.");
            Comment(text, 3, "Environment = @{ DJANGO_SETTINGS_MODULE = 'project.settings'; DATABASE_URL = 'sqlite:///{StateDirectory}/db.sqlite3' }", "Local provider: variables of gunicorn and manage.py; {StateDirectory} is replaced. Point every machine at one database.");
            Comment(text, 3, "StateDirectory = '" + LocalMachineSettings.DefaultStateDirectory + "'", "Local provider: snapshots, pid files and logs. Left out of snapshots.");
            text.AppendLine("        }");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Compose = @{");
            if (config.Compose.Command != null)
            {
                Line(text, 2, "Command", List(config.Compose.Command), "The compose command: @('docker', 'compose') (v2) or @('docker-compose') (v1).");
            }
            else
            {
                Comment(text, 2, "Command = @('docker', 'compose')", "The compose command: @('docker', 'compose') (v2) or @('docker-compose') (v1). Default: detected ('docker compose version', else docker-compose on PATH).");
            }

            Optional(text, 2, "DockerExecutable", config.Compose.DockerExecutable, "docker executable (name on PATH or full path); without Command, the compose command is <it> compose.");
            Line(text, 2, "File", Quote(config.Compose.File), "Compose file (cookiecutter-django: docker-compose.production.yml).");
            Line(text, 2, "Service", Quote(config.Compose.Service), "The compose service that runs Django.");
            Line(text, 2, "ProjectDirectory", Quote("."), "Directory with the compose file and the code, relative to this file.");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Manage = @{");
            Line(text, 2, "Command", List(config.Manage.Command), "manage.py inside the service.");
            Line(text, 2, "Mode", Quote(config.Manage.Mode.ToString()), "Exec (docker compose exec -T) or Run (docker compose run --rm: runs the entrypoint, which exports DATABASE_URL).");
            Comment(text, 2, "LocalCommand = @('python3', 'manage.py')", "Run manage.py locally instead of on a machine.");
            Comment(text, 2, "LocalWorkingDirectory = '.'", "Working directory of LocalCommand, relative to this file.");
            Comment(text, 2, "Sessions = $false", "Default $true: a maintenance window's toggles and migrate go to manage.py sessions opened before it (no Python start inside the window).");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Maintenance = @{");
            MaintenanceSettings mm = config.Maintenance;
            Line(text, 2, "Mode", Quote(mm.Mode.ToString()), "Django (the manage.py commands below on every machine that serves) or LoadBalancer (a fixed response of the load balancer on every forwarding listener).");
            Line(text, 2, "On", List(mm.On), "Django mode: manage.py arguments that turn maintenance mode on (django-maintenance-mode).");
            Line(text, 2, "Off", List(mm.Off), "Django mode: manage.py arguments that turn it off.");
            Line(text, 2, "Shared", mm.Shared ? "$true" : "$false", "Django mode: $true when django-maintenance-mode keeps its state where every machine reads it (database, cache): the command then runs once. Default $false (its local file): on every machine.");
            Line(text, 2, "StatusCode", mm.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), "LoadBalancer mode: status of the fixed response (500-599).");
            Line(text, 2, "ContentType", Quote(mm.ContentType), "LoadBalancer mode: text/plain, text/css, text/html, application/javascript or application/json.");
            Line(text, 2, "Body", Quote(mm.Body), "LoadBalancer mode: the response body, at most 1024 bytes.");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Smoke = @{");
            SmokeSettings smoke = config.Smoke;
            Line(text, 2, "Paths", List(smoke.Paths), "Before the switch, each path is fetched (GET) through the load balancer's preview route (header X-BlueGreen-Preview, forwarding to the new release).");
            Line(text, 2, "ExpectedStatus", smoke.ExpectedStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), "The status every path must answer (100-599). Redirects are not followed.");
            Line(text, 2, "Attempts", smoke.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "Tries per path before the check fails (1-20).");
            Line(text, 2, "DelaySeconds", ((int)smoke.Delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "Wait between two tries (0-300).");
            Line(text, 2, "TimeoutSeconds", ((int)smoke.Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long one request may take (1-300).");
            if (smoke.BaseUrl != null)
            {
                Line(text, 2, "BaseUrl", Quote(smoke.BaseUrl.GetLeftPart(System.UriPartial.Authority)), "Fetch this scheme, host and port instead of <preview listener protocol>://<load balancer DNS name>:<port>.");
            }
            else
            {
                Comment(text, 2, "BaseUrl = 'https://shop.example.com'", "Fetch this scheme, host and port (a name that resolves to the load balancer and that Django's ALLOWED_HOSTS accepts) instead of <preview listener protocol>://<load balancer DNS name>:<port>.");
            }

            Line(text, 2, "AllowInvalidCertificate", smoke.AllowInvalidCertificate ? "$true" : "$false", "HTTPS: accept a certificate that does not validate (the load balancer's DNS name is not the name the certificate carries).");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Deployment = @{");
            DeploymentSettings d = config.Deployment;
            Line(text, 2, "Maintenance", Quote(d.Maintenance.ToString()), "When maintenance comes on. Auto: only around pending migrations the running release may not survive (none when all are compatible, see Test-BgMigration); Always: for every migrate-and-switch; Never: migrations run while the old release serves, incompatible ones are refused.");
            Line(text, 2, "CanaryWeight", d.CanaryWeight.ToString(System.Globalization.CultureInfo.InvariantCulture), "Percent of the traffic the new release gets first (1-99), before the rest follows; 0: no canary, all traffic switches at once.");
            if (d.CanarySteps.Count > 0)
            {
                Line(text, 2, "CanarySteps", "@(" + string.Join(", ", d.CanarySteps.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")", "A multi-step canary: the new release's weights in order (1-99, rising, at most 5), each watched for CanaryDurationSeconds, then the full switch.");
            }
            else
            {
                Comment(text, 2, "CanarySteps = @(10, 50)", "A multi-step canary: the new release's weights in order (1-99, rising, at most 5), each watched for CanaryDurationSeconds, then the full switch. Replaces CanaryWeight.");
            }

            Line(text, 2, "CanaryStickinessSeconds", ((int)d.CanaryStickiness.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "While the canary splits traffic, the forward action's target-group stickiness is on this long (a page and its static files from one release); what was there comes back after. 0: left as it is (0-604800).");
            Line(text, 2, "CanaryDurationSeconds", ((int)d.CanaryDuration.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long the canary share is watched before the rest of the traffic follows (1-86400).");
            Line(text, 2, "BakeTimeSeconds", ((int)d.BakeTime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long the new live group is watched after the switch (0-86400; 0: no bake). Complete-BgDeployment waits for it.");
            Line(text, 2, "CheckIntervalSeconds", ((int)d.CheckInterval.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How often the canary and the bake look at target health and run the -AfterSwitch checks (1-3600).");
            Line(text, 2, "RevertMigrationsOnRollback", d.RevertMigrationsOnRollback ? "$true" : "$false", "When a failed bake or canary sends traffic back, also revert the new release's migrations; $false: the deployment ends RolledBack and Undo-BgDeployment reverts them.");
            Line(text, 2, "DrainTimeoutSeconds", ((int)d.DrainTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "How long a deregistered machine may take to drain when a deployment removes it (0-3600).");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Aws = @{");
            Line(text, 2, "MaxConcurrentRequests", config.Aws.MaxConcurrentRequests.ToString(System.Globalization.CultureInfo.InvariantCulture), $"At most this many AWS calls in flight at once (1-{AwsSettings.MaxMaxConcurrentRequests}): reads and route changes that do not depend on each other are sent together, the rest wait. Throttled calls are retried with the SDK's backoff.");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    Analysis = @{");
            AnalysisSettings a = config.Analysis;
            Line(text, 2, "Enabled", a.Enabled ? "$true" : "$false", "Every CheckIntervalSeconds of the canary and the bake, judge the new target group by its CloudWatch metrics (AWS/ApplicationELB); a failed check rolls back. $false: target health only.");
            Line(text, 2, "MaxErrorRatePercent", a.MaxErrorRatePercent.ToString(System.Globalization.CultureInfo.InvariantCulture), "The highest share of requests that may answer 5xx from the targets (HTTPCode_Target_5XX_Count / RequestCount), in percent (0-100).");
            Line(text, 2, "MaxResponseTimeSeconds", (a.MaxResponseTime?.TotalSeconds ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), "The slowest TargetResponseTime allowed, by ResponseTimeStatistic; 0: not judged.");
            Line(text, 2, "ResponseTimeStatistic", Quote(a.ResponseTimeStatistic), "How TargetResponseTime is judged: 'Average' or a percentile p50-p99.9 (the worst period counts).");
            Line(text, 2, "MinRequestCount", a.MinRequestCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "Fewer requests than this in a check: the verdict is Inconclusive (reported; failing only with FailWhenInconclusive).");
            Line(text, 2, "FailWhenInconclusive", a.FailWhenInconclusive ? "$true" : "$false", "$true: an Inconclusive verdict rolls back too.");
            if (a.Alarms.Count > 0)
            {
                Line(text, 2, "Alarms", List(a.Alarms), "CloudWatch alarms (names) that fail a check while one of them is in ALARM.");
            }
            else
            {
                Comment(text, 2, "Alarms = @('shop-green-5xx')", "CloudWatch alarms (names) that fail a check while one of them is in ALARM.");
            }

            Line(text, 2, "PeriodSeconds", a.PeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "The metrics' period: 60 for ALB metrics in AWS; 1 in the BlueGreen sandbox (1-3600).");
            text.AppendLine("    }");
            text.AppendLine();

            text.AppendLine("    State = @{");
            Optional(text, 2, "Prefix", config.State.Prefix, "SSM Parameter Store prefix of the deployment lock and journal. Default: /bluegreen/<Project>/.");
            Line(text, 2, "HistoryLimit", config.State.HistoryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), "How many deployments the history keeps (1-100).");
            text.AppendLine("    }");
            text.AppendLine("}");
            return text.ToString();
        }

        private static void Line(StringBuilder text, int depth, string key, string value, string comment)
        {
            string indent = new string(' ', depth * 4);
            text.Append(indent).Append("# ").AppendLine(comment);
            text.Append(indent).Append(key).Append(" = ").AppendLine(value);
        }

        private static void Optional(StringBuilder text, int depth, string key, string? value, string comment)
        {
            if (value == null)
            {
                Comment(text, depth, key + " = ''", comment);
            }
            else
            {
                Line(text, depth, key, Quote(value), comment);
            }
        }

        private static void Comment(StringBuilder text, int depth, string example, string comment)
        {
            string indent = new string(' ', depth * 4);
            text.Append(indent).Append("# ").AppendLine(comment);
            text.Append(indent).Append("# ").AppendLine(example);
        }

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        private static string List(IEnumerable<string> values) => "@(" + string.Join(", ", values.Select(Quote)) + ")";
    }
}
