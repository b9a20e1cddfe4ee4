using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Hosting;

namespace BlueGreen.PowerShell.Cmdlets.Sandbox
{
    /// <summary>
    /// Stop-BgSandbox: stops sandboxes (piped in, or the session's current one) and restores the AWS environment
    /// variables Start-BgSandbox replaced.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "BgSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AwsSandbox))]
    public sealed class StopBgSandboxCommand : BgCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AwsSandbox[]? Sandbox { get; set; }

        /// <summary>Stop every sandbox started in this session.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var targets = new List<AwsSandbox>();
            if (Sandbox != null)
            {
                targets.AddRange(Sandbox);
            }
            else if (All)
            {
                IReadOnlyList<AwsSandbox> running = RunningSandboxes.InProcess.All;
                for (int i = running.Count - 1; i >= 0; i--)
                {
                    targets.Add(running[i]);
                }
            }
            else if (RunningSandboxes.InProcess.Current is AwsSandbox current)
            {
                targets.Add(current);
            }

            if (targets.Count == 0)
            {
                WriteVerbose("No sandbox is running in this session: nothing to stop.");
                return;
            }

            foreach (AwsSandbox sandbox in targets)
            {
                if (!ShouldProcess(sandbox.Endpoint.ToString(), "Stop the AWS sandbox and restore this session's AWS environment variables"))
                {
                    continue;
                }

                bool wasRunning = sandbox.IsRunning;
                RunningSandboxes.InProcess.Stop(sandbox);
                WriteVerbose(wasRunning ? $"Stopped the AWS sandbox at {sandbox.Endpoint}." : $"The AWS sandbox at {sandbox.Endpoint} was already stopped.");
                if (PassThru)
                {
                    WriteObject(sandbox);
                }
            }
        }
    }
}
