using BlueGreen.Sandbox;
using BlueGreen.Sandbox.DataPlane;
using BlueGreen.Sandbox.Hosting;
using BlueGreen.Sandbox.Hosts;

namespace BlueGreen.PowerShell.Cmdlets.Sandbox
{
    /// <summary>
    /// Start-BgSandbox: starts a local AWS endpoint (ELBv2 + EC2 over the real Query protocol, SSM Parameter Store over AWS JSON 1.1) in this session and points
    /// the session's AWS settings at it, so every Bg cmdlet and the AWS CLI started from here talk to it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "BgSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AwsSandbox))]
    public sealed class StartBgSandboxCommand : BgCmdlet
    {
        /// <summary>Start with the demo project's world instead of an empty one (the same as -Scenario Demo).</summary>
        [Parameter]
        public SwitchParameter Seed { get; set; }

        /// <summary>
        /// The world to start with: Empty, Demo (the demo project with two simulated machines in blue) or
        /// DemoInfrastructure (the demo's load balancer, groups and listeners, no machine: for Local machines).
        /// </summary>
        [Parameter]
        public SandboxScenario? Scenario { get; set; }

        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter]
        [ValidatePattern("^[a-z]{2}(-[a-z]+)+-\\d$")]
        public string Region { get; set; } = "us-east-1";

        [Parameter]
        public TimeSpan TargetRegistrationTime { get; set; } = TimeSpan.FromSeconds(1);

        [Parameter]
        public TimeSpan DeregistrationDelay { get; set; } = TimeSpan.FromSeconds(2);

        [Parameter]
        public TimeSpan InstanceBootTime { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Multiplies the real health checks' interval and timeout (0.1: a 5 s interval checks every 0.5 s).</summary>
        [Parameter]
        [ValidateRange(0.001, 10.0)]
        public double HealthCheckTimeScale { get; set; } = 1.0;

        /// <summary>No data plane: listeners do not answer HTTP (the sandbox stays a control plane, as before).</summary>
        [Parameter]
        public SwitchParameter NoDataPlane { get; set; }

        /// <summary>Makes ids, ARNs and FailRandomly's failures the same from run to run.</summary>
        [Parameter]
        public int? RandomSeed { get; set; }

        /// <summary>
        /// What RunInstances makes: Simulated records (the default) or Host: real hosts on this machine, each with its own
        /// 127.0.N.x address, sshd on port 22 (user root, the key pair's key) and Docker engine. Needs root, Linux,
        /// openssh-server and docker.io.
        /// </summary>
        [Parameter]
        public InstanceRuntime InstanceRuntime { get; set; } = InstanceRuntime.Simulated;

        /// <summary>With -InstanceRuntime Host: docker save archives each instance's engine loads while it boots (a baked AMI's images).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? HostImageArchive { get; set; }

        private SandboxScenario World => Scenario ?? (Seed ? SandboxScenario.Demo : SandboxScenario.Empty);

        protected override void ProcessRecord()
        {
            if (Seed && Scenario != null && Scenario != SandboxScenario.Demo)
            {
                ThrowBgError("ConflictingScenario", ErrorCategory.InvalidArgument,
                    $"-Seed means -Scenario Demo, but -Scenario {Scenario} was given too. Pass one of them.", Scenario);
            }

            string where = Port == 0 ? "127.0.0.1 (a free port)" : $"127.0.0.1:{Port}";
            if (!ShouldProcess(where, $"Start an AWS sandbox ({World} world) and point this session's AWS endpoint, credentials and region at it"))
            {
                return;
            }

            foreach (TimeSpan time in new[] { TargetRegistrationTime, DeregistrationDelay, InstanceBootTime })
            {
                if (time < TimeSpan.Zero)
                {
                    ThrowBgError("NegativeTime", ErrorCategory.InvalidArgument,
                        $"Sandbox timings cannot be negative (got {time}). Pass a duration such as '00:00:02' or [TimeSpan]::Zero.", time);
                }
            }

            if (HostImageArchive != null && InstanceRuntime != InstanceRuntime.Host)
            {
                ThrowBgError("HostImageArchiveWithoutHostRuntime", ErrorCategory.InvalidArgument,
                    "-HostImageArchive is loaded into host instances' Docker engines: add -InstanceRuntime Host, or leave it out.", HostImageArchive);
            }

            if (InstanceRuntime == InstanceRuntime.Host && HostRuntime.CheckPrerequisites() is string missing)
            {
                ThrowBgError("HostRuntimeUnavailable", ErrorCategory.NotInstalled,
                    $"-InstanceRuntime Host cannot run here: {missing} Without it, start the sandbox with simulated instances (leave out -InstanceRuntime).", InstanceRuntime);
            }

            var archives = new System.Collections.Generic.List<string>();
            foreach (string archive in HostImageArchive ?? Array.Empty<string>())
            {
                string path = GetUnresolvedProviderPathFromPSPath(archive);
                if (!System.IO.File.Exists(path))
                {
                    ThrowBgError("HostImageArchiveNotFound", ErrorCategory.ObjectNotFound,
                        $"The image archive '{path}' does not exist. Make it with 'docker save -o {path} IMAGE...'.", archive);
                }

                archives.Add(path);
            }

            var options = new SandboxOptions
            {
                Port = Port,
                Region = Region,
                Scenario = World,
                TargetRegistrationTime = TargetRegistrationTime,
                DeregistrationDelay = DeregistrationDelay,
                InstanceBootTime = InstanceBootTime,
                RandomSeed = RandomSeed,
                HealthCheckTimeScale = HealthCheckTimeScale,
                DataPlane = !NoDataPlane,
                InstanceRuntime = InstanceRuntime,
                HostImageArchives = archives,
            };

            AwsSandbox sandbox;
            try
            {
                sandbox = RunningSandboxes.InProcess.Start(options);
            }
            catch (InvalidOperationException ex)
            {
                ThrowBgError("CannotListen", ErrorCategory.ResourceUnavailable, ex.Message, Port, ex);
                return;
            }

            if (sandbox.DataPlaneStatus == DataPlaneStatus.Failed)
            {
                WriteWarning($"The AWS API works, but listeners do not answer HTTP: {sandbox.DataPlaneProblem}");
            }

            if (InstanceRuntime == InstanceRuntime.Host)
            {
                WriteVerbose($"Instances are real hosts on this machine (127.0.N.x, ssh as root with the key pair of KeyName); images: {sandbox.HostImages}; preloaded archives: {(archives.Count == 0 ? "none" : string.Join(", ", archives))}.");
            }

            WriteVerbose($"AWS sandbox listening at {sandbox.Endpoint} ({sandbox.Scenario} world). This session now uses AWS_ENDPOINT_URL={sandbox.Endpoint.GetLeftPart(UriPartial.Authority)}, region {sandbox.Region} and dummy credentials; Stop-BgSandbox restores the previous settings.");
            WriteObject(sandbox);
        }
    }
}
