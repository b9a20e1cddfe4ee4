using BlueGreen.Deployment;
using BlueGreen.Django;

namespace BlueGreen.PowerShell.Cmdlets.Release
{
    /// <summary>
    /// Takes a deployment back while its old machines exist and are healthy: maintenance on if migrations must be
    /// reverted, Get-BgMigrationDiff | Undo-BgMigration on a new machine (one ShouldProcess per step), traffic back
    /// (verified), maintenance off, the new machines removed. Refused, changing nothing, when the old machines are gone.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DeploymentRecord))]
    public sealed class UndoBgDeploymentCommand : BgRecordedDeploymentCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter KeepNewMachines { get; set; }

        protected override void ProcessRecord()
        {
            string? id = Id;
            bool force = Force;
            bool keep = KeepNewMachines;
            DeploymentRecord? record = RunRelease(async (engine, context) =>
            {
                DeploymentRecord found = await engine.FindAsync(id, context.Cancellation).ConfigureAwait(false);
                string migrations = found.MigrationsApplied.Count == 0 ? "no migration to revert" : $"revert {found.MigrationsApplied.Count} migration(s): {string.Join(", ", found.MigrationsApplied)}";
                string machines = keep ? "keep the new machines" : "remove the new machines";
                if (!context.Approval.Approve($"deployment {found.Id} ({found.Release}, {found.Status})", $"Undo-BgDeployment: {migrations}; traffic back to {found.FromColor}; {machines}"))
                {
                    return null;
                }

                return await engine.UndoAsync(found.Id, force, keep, context.Approval, null, context.Cancellation).ConfigureAwait(false);
            });
            if (record != null)
            {
                WriteObject(record);
            }
        }
    }
}
