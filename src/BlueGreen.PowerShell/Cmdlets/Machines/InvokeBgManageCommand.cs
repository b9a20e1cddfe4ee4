using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// Runs Django's manage.py with -Arguments on machines, in the compose service (`exec -T` by default, `run --rm`
    /// with -Mode Run), or, without machines, as the configured local command (Manage.LocalCommand). Emits the
    /// output lines; a non-zero exit is an error carrying the exit code and standard error.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BgManage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(string))]
    public sealed class InvokeBgManageCommand : BgMachineCmdlet
    {
        private readonly List<string> _machines = new List<string>();
        private bool _declined;

        /// <summary>The machines to run on; none runs the local command (Manage.LocalCommand).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>manage.py arguments, e.g. 'migrate','--noinput' or 'showmigrations','-p'.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Arguments { get; set; } = Array.Empty<string>();

        /// <summary>Exec (docker compose exec -T, default from Manage.Mode) or Run (docker compose run --rm: runs the entrypoint, which sets DATABASE_URL).</summary>
        [Parameter]
        public ManageMode? Mode { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (!MachineName.IsValid(name))
                {
                    WriteBgError("InvalidMachineName", ErrorCategory.InvalidArgument,
                        $"'{name}' is not a valid machine name (letters, digits, '.' and '-', starting with a letter or digit). List the machines with Get-BgMachine.", name);
                    continue;
                }

                if (ShouldProcess(name, $"manage.py {string.Join(" ", Arguments)}"))
                {
                    _machines.Add(name);
                }
                else
                {
                    _declined = true;
                }
            }
        }

        protected override void EndProcessing()
        {
            bool local = _machines.Count == 0 && Name == null && !_declined;
            if (!local && _machines.Count == 0)
            {
                return;
            }

            if (local && !ShouldProcess("local manage command", $"manage.py {string.Join(" ", Arguments)}"))
            {
                return;
            }

            MachineCommandSetup setup = ReadSetup();
            string[] arguments = Arguments;
            ManageMode? mode = Mode;
            IReadOnlyList<string?> targets = local ? new string?[] { null } : _machines.ToArray();
            IReadOnlyList<MachineCommandFailure> failures = RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                var failed = new List<MachineCommandFailure>();
                foreach (string? machine in targets)
                {
                    try
                    {
                        CommandResult result = await services.ManageAsync(machine, arguments, mode, context.Cancellation).ConfigureAwait(false);
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

                        if (machine == null)
                        {
                            throw; // the only target: a terminating error
                        }

                        failed.Add(new MachineCommandFailure(machine, ex));
                    }
                    catch (BlueGreenException ex) when (machine != null)
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
