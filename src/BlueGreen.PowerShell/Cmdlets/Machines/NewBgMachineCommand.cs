using BlueGreen.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// Launches machines in parallel (at most Machines.MaxParallelLaunches at once), starts the application on each
    /// (docker compose up --build -d) and registers them in the chosen target group. Emits one object per machine;
    /// a launch that fails is cleaned up and reported as an error, and the others are kept or rolled back (-OnFailure).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BgMachine", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Machine))]
    public sealed class NewBgMachineCommand : BgMachineCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateRange(1, 1000)]
        public int Count { get; set; } = 1;

        /// <summary>Live (default, as the seed's add-machine.sh), Idle, or None.</summary>
        [Parameter]
        public TargetGroupChoice TargetGroup { get; set; } = TargetGroupChoice.Live;

        /// <summary>Keep (default) the machines that launched when another launch fails, or RollBack all of them.</summary>
        [Parameter]
        public LaunchFailurePolicy OnFailure { get; set; } = LaunchFailurePolicy.Keep;

        /// <summary>Release label (tag bluegreen:release on EC2 machines).</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$")]
        public string? Release { get; set; }

        /// <summary>Launch the machines without running docker compose up on them.</summary>
        [Parameter]
        public SwitchParameter SkipComposeUp { get; set; }

        protected override void EndProcessing()
        {
            MachineCommandSetup setup = ReadSetup();
            string target = $"{Count} machine(s) named {setup.Config.Machines.Prefix}<8 hex> ({setup.Provider})";
            string action = TargetGroup == TargetGroupChoice.None
                ? "Launch" + (SkipComposeUp ? string.Empty : " and run docker compose up --build -d")
                : $"Launch{(SkipComposeUp ? string.Empty : ", run docker compose up --build -d")} and register in the {TargetGroup.ToString().ToLowerInvariant()} target group";
            if (!ShouldProcess(target, action))
            {
                return;
            }

            int count = Count;
            TargetGroupChoice targetGroup = TargetGroup;
            string? release = Release;
            LaunchFailurePolicy onFailure = OnFailure;
            bool startApplication = !SkipComposeUp;
            MachineLaunchReport report = RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                return await services.LaunchAsync(count, targetGroup, release, onFailure, startApplication, context.Cancellation).ConfigureAwait(false);
            });

            foreach (MachineLaunchFailure failure in report.Failures)
            {
                WriteFailure(failure.Error, failure.Name);
            }

            if (report.RegistrationFailure != null)
            {
                WriteFailure(report.RegistrationFailure, report.RegistrationFailure.Target);
            }

            if (report.RolledBack.Count > 0)
            {
                WriteWarning($"Rolled back (removed) because {report.Failures.Count} launch(es) failed: {string.Join(", ", report.RolledBack)}.");
            }

            foreach (Machine machine in report.Launched)
            {
                WriteObject(machine);
            }
        }
    }
}
