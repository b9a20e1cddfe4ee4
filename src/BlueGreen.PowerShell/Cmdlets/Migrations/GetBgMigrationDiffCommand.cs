using BlueGreen.Configuration;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.PowerShell.Cmdlets.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Compares the migrations of two releases against the same database and emits one object per migration that
    /// differs, with the revert target of its app and whether Django can reverse it. Pipe it to Undo-BgMigration.
    /// By default the old release is a live machine of the project and the new release an idle one; explicit manage
    /// commands compare any two releases.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BgMigrationDiff", DefaultParameterSetName = ReleaseParameterSets.Machines)]
    [OutputType(typeof(MigrationDiff))]
    public sealed class GetBgMigrationDiffCommand : BgReleaseCmdlet
    {
        /// <summary>The live machine to read the old release on; default: the healthiest live machine.</summary>
        [Parameter(ParameterSetName = ReleaseParameterSets.Machines)]
        [ValidateNotNullOrEmpty]
        public string? OldMachine { get; set; }

        /// <summary>The idle machine to read the new release on (and to undo on); default: the healthiest idle machine.</summary>
        [Parameter(ParameterSetName = ReleaseParameterSets.Machines)]
        [ValidateNotNullOrEmpty]
        public string? NewMachine { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string[] OldManageCommand { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string[] NewManageCommand { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string? OldWorkingDirectory { get; set; }

        [Parameter(ParameterSetName = ReleaseParameterSets.Commands)]
        [ValidateNotNullOrEmpty]
        public string? NewWorkingDirectory { get; set; }


        protected override void EndProcessing()
        {
            IReadOnlyList<MigrationDiff> diffs = ParameterSetName == ReleaseParameterSets.Machines ? ReadFromMachines() : ReadFromCommands();
            foreach (MigrationDiff diff in diffs)
            {
                if (diff.RevertBlockedReason != null && diff.NeedsUndo)
                {
                    WriteWarning(diff.RevertBlockedReason);
                }

                if (diff.Reversible == false)
                {
                    WriteWarning($"Django cannot unapply {diff.Key} (an operation is IRREVERSIBLE): Undo-BgMigration will refuse to run.");
                }

                WriteObject(diff);
            }
        }

        private IReadOnlyList<MigrationDiff> ReadFromMachines()
        {
            if (OldMachine != null && OldMachine == NewMachine)
            {
                ThrowBgError("SameMachine", ErrorCategory.InvalidArgument,
                    $"-OldMachine and -NewMachine both name '{OldMachine}'. The old release runs on a live machine and the new one on an idle machine: name one of each, or leave them out.",
                    OldMachine);
            }

            MachineCommandSetup setup = ReadSetup();
            string? oldMachine = OldMachine;
            string? newMachine = NewMachine;
            ManageMode? mode = Mode;
            // Both machines are found before any manage.py runs, so a wrong name or a missing role changes nothing.
            return RunEngine(async context =>
            {
                using MachineServices services = setup.CreateServices(context.Reporter);
                ReleaseMachine oldRelease = await services.FindReleaseMachineAsync(MachineRole.Live, oldMachine, mode, context.Cancellation).ConfigureAwait(false);
                ReleaseMachine newRelease = await services.FindReleaseMachineAsync(MachineRole.Idle, newMachine, mode, context.Cancellation).ConfigureAwait(false);
                return await new MigrationDiffReader(new DjangoManageClient(services.Runner, context.Reporter), context.Reporter)
                    .ReadAsync(oldRelease, newRelease, context.Cancellation).ConfigureAwait(false);
            });
        }

        private IReadOnlyList<MigrationDiff> ReadFromCommands()
        {
            RefuseProjectParameters("-OldManageCommand and -NewManageCommand were", "the manage commands to compare a live and an idle machine");

            ManageCommand oldRelease = ManageCommandBinding.Create(this, OldManageCommand, OldWorkingDirectory, Environment);
            ManageCommand newRelease = ManageCommandBinding.Create(this, NewManageCommand, NewWorkingDirectory, Environment);
            CliWrapCommandRunner runner = CommandLineRunner;
            return RunEngine(context =>
                new MigrationDiffReader(new DjangoManageClient(runner, context.Reporter), context.Reporter)
                    .ReadAsync(oldRelease, newRelease, context.Cancellation));
        }
    }
}
