using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// Removes machines: each is deregistered from its target group and drained before its provider removes it.
    /// Refuses the last healthy machine of the live group (always) and any live machine without -Force. One
    /// ShouldProcess per machine; -WhatIf changes nothing. `Get-BgMachine -Role Idle | Remove-BgMachine` replaces
    /// the seed's remove-inactive-blue-green.sh.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "BgMachine", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Machine))]
    public sealed class RemoveBgMachineCommand : BgMachineCmdlet
    {
        private readonly List<(string Name, MachineProviderKind? Provider)> _requested = new List<(string, MachineProviderKind?)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Also remove machines of the live group (never its last healthy one).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How long a deregistered machine may take to drain, in seconds (default 600).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int DrainTimeoutSec { get; set; } = 600;

        /// <summary>Emit each removed machine.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                if (!MachineName.IsValid(name))
                {
                    WriteBgError("InvalidMachineName", ErrorCategory.InvalidArgument,
                        $"'{name}' is not a valid machine name (letters, digits, '.' and '-', starting with a letter or digit). Nothing was removed for it; list the machines with Get-BgMachine.",
                        name);
                    continue;
                }

                _requested.Add((name, Provider));
            }
        }

        protected override void EndProcessing()
        {
            if (_requested.Count == 0)
            {
                return;
            }

            MachineCommandSetup setup = ReadSetup();
            bool force = Force;
            TimeSpan drainTimeout = TimeSpan.FromSeconds(DrainTimeoutSec);
            var batches = _requested
                .GroupBy(r => r.Provider ?? setup.Provider)
                .Select(g => (Provider: g.Key, Names: (IReadOnlyList<string>)g.Select(r => r.Name).ToList()))
                .ToList();
            foreach ((MachineProviderKind provider, IReadOnlyList<string> names) in batches)
            {
                var batchSetup = new MachineCommandSetup(setup.Config, setup.Connection, provider, setup.BaseDirectory);
                MachineRemovalReport report = RunEngine(async context =>
                {
                    using MachineServices services = batchSetup.CreateServices(context.Reporter);
                    services.DrainTimeout = drainTimeout;
                    return await services.RemoveAsync(names, force, context.Approval, context.Cancellation).ConfigureAwait(false);
                });

                foreach (BlueGreenException failure in report.Failures)
                {
                    WriteFailure(failure, failure.Target);
                }

                if (PassThru)
                {
                    foreach (Machine machine in report.Removed)
                    {
                        WriteObject(machine);
                    }
                }
            }
        }
    }
}
