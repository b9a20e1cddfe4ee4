using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Compares the migrations of two releases against the same database and emits one object per migration that
    /// differs, with the revert target of its app and whether Django can reverse it. Pipe it to Undo-BgMigration.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BgMigrationDiff")]
    [OutputType(typeof(MigrationDiff))]
    public sealed class GetBgMigrationDiffCommand : BgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] OldManageCommand { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[] NewManageCommand { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OldWorkingDirectory { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewWorkingDirectory { get; set; }

        [Parameter]
        public IDictionary? Environment { get; set; }

        [Parameter]
        [ValidateRange(0, 86400)]
        public int TimeoutSec { get; set; }

        protected override void EndProcessing()
        {
            ManageCommand oldRelease = ManageCommandBinding.Create(this, OldManageCommand, OldWorkingDirectory, Environment);
            ManageCommand newRelease = ManageCommandBinding.Create(this, NewManageCommand, NewWorkingDirectory, Environment);
            // Not an async lambda: its state machine would be a struct with fields of engine types, which makes
            // PowerShell load the engine while scanning this assembly, before the module initializer runs.
            IReadOnlyList<MigrationDiff> diffs = RunEngine(context =>
                new MigrationDiffReader(new DjangoManageClient(CliWrapCommandRunner.Instance, context.Reporter, ManageCommandBinding.ToTimeout(TimeoutSec)), context.Reporter)
                    .ReadAsync(oldRelease, newRelease, context.Cancellation));
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
    }
}
