using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Release
{
    /// <summary>
    /// Ends a Succeeded deployment: drains and removes the old release's machines (one ShouldProcess each, with
    /// Remove-BgMachine's guards), after its bake time (or with -Force), and records it Completed.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Complete, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DeploymentRecord))]
    public sealed class CompleteBgDeploymentCommand : BgRecordedDeploymentCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string? id = Id;
            bool force = Force;
            bool whatIf = IsWhatIf;
            DeploymentRecord? record = RunRelease(async (engine, context) =>
            {
                DeploymentRecord found = await engine.FindAsync(id, context.Cancellation).ConfigureAwait(false);
                if (whatIf)
                {
                    foreach (DeploymentMachine machine in found.MachinesKept)
                    {
                        context.Approval.Approve(machine.ToString(), $"Deregister, drain and remove (old release of deployment {found.Id})");
                    }

                    return null;
                }

                return await engine.CompleteAsync(found.Id, force, context.Approval, context.Cancellation).ConfigureAwait(false);
            });
            if (record != null)
            {
                WriteObject(record);
            }
        }
    }
}
