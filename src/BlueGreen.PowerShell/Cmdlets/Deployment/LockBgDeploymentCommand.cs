using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Deployment
{
    /// <summary>
    /// Holds deployments of the project by hand (e.g. during an incident): takes the deployment lock with a message,
    /// so every Start-/Undo-/Resume-/Complete-BgDeployment, from any laptop or job, is refused naming the holder until
    /// the lock is released with Unlock-BgDeployment -LockId. Emits the lock, with its LockId.
    /// </summary>
    [Cmdlet(VerbsCommon.Lock, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DeploymentLock))]
    public sealed class LockBgDeploymentCommand : BgDeploymentStateCmdlet
    {
        /// <summary>Why deployments are held; shown to everyone who is refused.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateLength(1, DeploymentTextLimits.Message)]
        public string Message { get; set; } = string.Empty;

        protected override void EndProcessing()
        {
            DeploymentStateLocation location = StateLocation;
            if (!ShouldProcess($"project '{location.Project}' ({location.LockName})", $"Take the deployment lock: \"{Message}\""))
            {
                return;
            }

            string message = Message;
            DeploymentLock held = RunState((state, context) => state.HoldAsync(message, context.Cancellation));
            WriteObject(held);
        }
    }
}
