using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Release
{
    /// <summary>
    /// Goes on with a deployment that is Ready (paused before the switch), Failed or Stopped, from its first step not
    /// done, with the options it was started with; -Force takes over one recorded InProgress whose process died.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DeploymentRecord))]
    public sealed class ResumeBgDeploymentCommand : BgRecordedDeploymentCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter AllowIrreversible { get; set; }

        [Parameter]
        public ScriptBlock[]? BeforeSwitch { get; set; }

        [Parameter]
        public ScriptBlock[]? AfterSwitch { get; set; }

        protected override void ProcessRecord()
        {
            string? id = Id;
            bool force = Force;
            bool allowIrreversible = AllowIrreversible;
            DeploymentRecord? record = RunRelease(async (engine, context) =>
            {
                DeploymentRecord found = await engine.FindAsync(id, context.Cancellation).ConfigureAwait(false);
                string last = found.LastStep == null ? "no step yet" : $"last step {found.LastStep.Name}: {found.LastStep.Outcome}";
                if (!context.Approval.Approve($"deployment {found.Id} ({found.Release}, {found.Status}, {last})", "Resume-BgDeployment"))
                {
                    return null;
                }

                return await engine.ResumeAsync(found.Id, force, allowIrreversible, ToChecks("BeforeSwitch", BeforeSwitch, context), ToChecks("AfterSwitch", AfterSwitch, context), context.Cancellation).ConfigureAwait(false);
            });
            if (record != null)
            {
                WriteObject(record);
            }
        }
    }
}
