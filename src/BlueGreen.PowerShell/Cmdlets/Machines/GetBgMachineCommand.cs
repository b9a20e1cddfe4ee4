using BlueGreen.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// The project's machines as the provider lists them, joined with the load balancer: the target group each is
    /// registered in, its color, role and health. Machines in neither group are orphans.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BgMachine")]
    [OutputType(typeof(Machine))]
    public sealed class GetBgMachineCommand : BgMachineCmdlet
    {
        /// <summary>Only machines with these names (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only machines in this role: Live, Idle or Orphan.</summary>
        [Parameter]
        public MachineRole? Role { get; set; }

        protected override void EndProcessing()
        {
            MachineCommandSetup setup = ReadSetup();
            IReadOnlyList<Machine> machines = RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                return await services.ListAsync(true, context.Cancellation).ConfigureAwait(false);
            });

            List<WildcardPattern>? patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (Machine machine in machines
                .Where(m => Role == null || m.Role == Role)
                .Where(m => patterns == null || patterns.Any(p => p.IsMatch(m.Name)))
                .OrderBy(m => m.Role)
                .ThenBy(m => m.Name, System.StringComparer.Ordinal))
            {
                WriteObject(machine);
            }
        }
    }
}
