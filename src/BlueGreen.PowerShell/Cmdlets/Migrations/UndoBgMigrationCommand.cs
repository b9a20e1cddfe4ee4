using System.Collections;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Unapplies the migrations a new release added, on that release's manage command: collects every input
    /// migration, plans one 'migrate &lt;app&gt; &lt;target&gt;' per app at the end, refuses irreversible ones before
    /// anything runs, confirms each step, and verifies the database afterwards.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "BgMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationUndoStepResult))]
    public sealed class UndoBgMigrationCommand : BgCmdlet
    {
        private readonly List<MigrationUndoRequest> _requests = new List<MigrationUndoRequest>();
        private ManageCommand? _newRelease;
        private string? _newMachine;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string App { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>
        /// State in the old release (a MigrationState name); Applied means "must stay applied". Default: Absent (unapply it).
        /// A string, not the engine's enum: a value-type field of an engine type would make PowerShell load the engine
        /// while it scans this assembly, before the module initializer can route the load into BlueGreen's context.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Absent", "NotApplied", "Applied")]
        public string OldState { get; set; } = "Absent";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? RevertTarget { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? RevertBlockedReason { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ManageCommand")]
        [ValidateNotNullOrEmpty]
        public string[] NewManageCommand { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("NewWorkingDirectory")]
        [AllowNull]
        [AllowEmptyString]
        public string? WorkingDirectory { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("NewEnvironment")]
        [AllowNull]
        public IDictionary? Environment { get; set; }

        /// <summary>
        /// The machine the manage command reaches (Get-BgMigrationDiff's idle machine): named in every confirmation.
        /// Only a label: the manage command and its environment decide where the undo runs.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? NewMachine { get; set; }

        /// <summary>How long each manage.py command may run (default 900 s).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        [Alias("TimeoutSec")]
        public int? CommandTimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            string? machine = string.IsNullOrEmpty(NewMachine) ? null : NewMachine;
            if (machine != null && !MachineName.IsValid(machine))
            {
                ThrowBgError("InvalidMachineName", ErrorCategory.InvalidArgument,
                    $"-NewMachine '{machine}' is not a valid machine name (letters, digits, '.' and '-', starting with a letter or digit). Pipe the output of Get-BgMigrationDiff, or leave -NewMachine out.",
                    machine);
            }

            ManageCommand release = ManageCommandBinding.Create(this, NewManageCommand, WorkingDirectory, Environment);
            if (_newRelease == null)
            {
                _newRelease = release;
                _newMachine = machine;
            }
            else if (!_newRelease.IsSameAs(release) || _newMachine != machine)
            {
                ThrowBgError("ManageCommandMismatch", ErrorCategory.InvalidArgument,
                    $"{App}.{Name} comes with the manage command '{release}'{(machine == null ? string.Empty : " on " + machine)}, the earlier input with '{_newRelease}'{(_newMachine == null ? string.Empty : " on " + _newMachine)} (or a different directory or environment). Undo the migrations of one release at a time.",
                    $"{App}.{Name}");
            }

            var oldState = (MigrationState)Enum.Parse(typeof(MigrationState), OldState, ignoreCase: true);
            if (!string.IsNullOrEmpty(RevertBlockedReason) && oldState != MigrationState.Applied)
            {
                ThrowBgError("RevertBlocked", ErrorCategory.InvalidOperation, RevertBlockedReason! + " Nothing was changed.", $"{App}.{Name}");
            }

            if (string.IsNullOrEmpty(RevertTarget))
            {
                WriteVerbose($"{App}.{Name}: no revert target (its app needs no undo), skipped.");
                return;
            }

            try
            {
                _requests.Add(new MigrationUndoRequest(App, Name, oldState, RevertTarget!));
            }
            catch (BlueGreenException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
            }
        }

        protected override void EndProcessing()
        {
            if (_requests.Count == 0 || _newRelease == null)
            {
                WriteVerbose("No migration to undo.");
                return;
            }

            ManageCommand newRelease = _newRelease;
            string? newMachine = _newMachine;
            MigrationUndoRequest[] requests = _requests.ToArray();
            var runner = CliWrapCommandRunner.WithDefaultTimeout(CommandTimeoutSec.HasValue ? TimeSpan.FromSeconds(CommandTimeoutSec.Value) : (TimeSpan?)null);
            // Each step's result is written as soon as it has run.
            RunEngine(context =>
                new MigrationUndo(new DjangoManageClient(runner, context.Reporter), context.Approval, context.Reporter)
                    .RunAsync(requests, newRelease, context.Cancellation, context.Emit, newMachine));
        }
    }
}
