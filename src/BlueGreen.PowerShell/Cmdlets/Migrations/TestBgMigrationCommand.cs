using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BlueGreen.Django;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Lists the migrations a release would apply and whether Django could unapply each (for a rollback). With
    /// -Quiet, returns only $true when every pending migration is reversible.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BgMigration")]
    [OutputType(typeof(PendingMigration))]
    [OutputType(typeof(bool))]
    public sealed class TestBgMigrationCommand : BgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ManageCommand { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        [Parameter]
        public IDictionary? Environment { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateRange(0, 86400)]
        public int TimeoutSec { get; set; }

        protected override void EndProcessing()
        {
            ManageCommand release = ManageCommandBinding.Create(this, ManageCommand, WorkingDirectory, Environment);
            // Not an async lambda (see Get-BgMigrationDiff): the engine's list comes back to the pipeline thread.
            IReadOnlyList<PendingMigration> pending = RunEngine(context =>
                new PendingMigrationCheck(new DjangoManageClient(CliWrapCommandRunner.Instance, context.Reporter, ManageCommandBinding.ToTimeout(TimeoutSec)), context.Reporter)
                    .ReadAsync(release, context.Cancellation));
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
    }
}
