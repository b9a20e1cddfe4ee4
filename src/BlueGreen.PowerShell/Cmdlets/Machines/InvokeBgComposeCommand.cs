using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// Runs `docker compose -f &lt;Compose.File&gt; &lt;Arguments&gt;` on machines, with each machine's Docker connection
    /// passed as environment (never eval'd) in the compose project directory. Emits the output lines; a non-zero
    /// exit is an error carrying the exit code and standard error, and the next machine is still run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BgCompose", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(string))]
    public sealed class InvokeBgComposeCommand : BgMachineCmdlet
    {
        private readonly List<string> _machines = new List<string>();

        /// <summary>The machines to run on (pipe Get-BgMachine or New-BgMachine output).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Arguments after `docker compose -f &lt;file&gt;`, e.g. 'up','--build','-d' or 'ps'.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Arguments { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                if (!MachineName.IsValid(name))
                {
                    WriteBgError("InvalidMachineName", ErrorCategory.InvalidArgument,
                        $"'{name}' is not a valid machine name (letters, digits, '.' and '-', starting with a letter or digit). List the machines with Get-BgMachine.", name);
                    continue;
                }

                if (ShouldProcess(name, $"docker compose {string.Join(" ", Arguments)}"))
                {
                    _machines.Add(name);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_machines.Count == 0)
            {
                return;
            }

            MachineCommandSetup setup = ReadSetup();
            string[] arguments = Arguments;
            List<string> machines = _machines;
            IReadOnlyList<MachineCommandFailure> failures = RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                var failed = new List<MachineCommandFailure>();
                foreach (string machine in machines)
                {
                    try
                    {
                        CommandResult result = await services.ComposeAsync(machine, arguments, context.Cancellation).ConfigureAwait(false);
                        foreach (string line in result.StandardOutput)
                        {
                            context.Emit(line);
                        }
                    }
                    catch (CommandFailedException ex)
                    {
                        foreach (string line in ex.Result.StandardOutput)
                        {
                            context.Emit(line);
                        }

                        failed.Add(new MachineCommandFailure(machine, ex));
                    }
                    catch (BlueGreenException ex)
                    {
                        failed.Add(new MachineCommandFailure(machine, ex));
                    }
                }

                return (IReadOnlyList<MachineCommandFailure>)failed;
            });

            foreach (MachineCommandFailure failure in failures)
            {
                WriteFailure(failure.Error, failure.Target);
            }
        }
    }
}
