using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.PowerShell.Cmdlets.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Lists the migrations a release would apply and whether Django could unapply each (for a rollback). With
    /// -Quiet, returns only $true when every pending migration is reversible. By default the release is the one on
    /// an idle machine of the project; an explicit manage command checks any release.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BgMigration", DefaultParameterSetName = ReleaseParameterSets.Machines)]
    [OutputType(typeof(PendingMigration))]
    [OutputType(typeof(bool))]
    public sealed class TestBgMigrationCommand : BgReleaseCmdlet
    {
        /// <summary>The idle machine to check; default: the healthiest idle machine.</summary>
        [Parameter(ParameterSetName = ReleaseParameterSets.Machines)]
        [ValidateNotNullOrEmpty]
        public string? Machine { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string[] ManageCommand { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }


        protected override void EndProcessing()
        {
            IReadOnlyList<PendingMigration> pending = ParameterSetName == ReleaseParameterSets.Machines ? ReadFromMachine() : ReadFromCommand();
            if (Quiet.IsPresent)
            {
                WriteObject(pending.All(migration => migration.Reversible));
                return;
            }

            foreach (PendingMigration migration in pending)
            {
                if (!migration.Reversible)
                {
                    WriteWarning($"{migration.Key} cannot be unapplied by a rollback: {migration.IrreversibleReason}");
                }

                WriteObject(migration);
            }
        }

        private IReadOnlyList<PendingMigration> ReadFromMachine()
        {
            MachineCommandSetup setup = ReadSetup();
            string? machine = Machine;
            ManageMode? mode = Mode;
            return RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                ReleaseMachine release = await services.FindReleaseMachineAsync(MachineRole.Idle, machine, mode, context.Cancellation).ConfigureAwait(false);
                return await new PendingMigrationCheck(new DjangoManageClient(services.Runner, context.Reporter), context.Reporter)
                    .ReadAsync(release, context.Cancellation).ConfigureAwait(false);
            });
        }

        private IReadOnlyList<PendingMigration> ReadFromCommand()
        {
            RefuseProjectParameters("-ManageCommand was", "-ManageCommand to check an idle machine");

            ManageCommand release = ManageCommandBinding.Create(this, ManageCommand, WorkingDirectory, Environment);
            CliWrapCommandRunner runner = CommandLineRunner;
            return RunEngine(context =>
                new PendingMigrationCheck(new DjangoManageClient(runner, context.Reporter), context.Reporter)
                    .ReadAsync(release, context.Cancellation));
        }
    }
}
