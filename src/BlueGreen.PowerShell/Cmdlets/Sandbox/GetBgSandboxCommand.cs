using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Hosting;

namespace BlueGreen.PowerShell.Cmdlets.Sandbox
{
    /// <summary>Get-BgSandbox: the sandboxes running in this session, or only the current one (the environment's).</summary>
    [Cmdlet(VerbsCommon.Get, "BgSandbox")]
    [OutputType(typeof(AwsSandbox))]
    public sealed class GetBgSandboxCommand : BgCmdlet
    {
        /// <summary>Only the sandbox the session's AWS environment points at.</summary>
        [Parameter]
        public SwitchParameter Current { get; set; }

        protected override void ProcessRecord()
        {
            if (Current)
            {
                if (RunningSandboxes.InProcess.Current is AwsSandbox current)
                {
                    WarnIfNoDataPlane(current);
                    WriteObject(current);
                }

                return;
            }

            foreach (AwsSandbox sandbox in RunningSandboxes.InProcess.All)
            {
                WarnIfNoDataPlane(sandbox);
                WriteObject(sandbox);
            }
        }

        private void WarnIfNoDataPlane(AwsSandbox sandbox)
        {
            if (sandbox.DataPlaneStatus == BlueGreen.Sandbox.DataPlane.DataPlaneStatus.Failed)
            {
                WriteWarning($"Sandbox {sandbox.Endpoint}: the AWS API works, but listeners do not answer HTTP: {sandbox.DataPlaneProblem}");
            }
        }
    }
}
