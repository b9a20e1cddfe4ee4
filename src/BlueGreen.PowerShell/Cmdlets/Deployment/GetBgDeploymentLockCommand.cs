using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Deployment
{
    /// <summary>
    /// The project's deployment lock, if anyone holds it: who, since when, for what and why, and its LockId
    /// (pipe it to Unlock-BgDeployment). Nothing when the project is not locked.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BgDeploymentLock")]
    [OutputType(typeof(DeploymentLock))]
    public sealed class GetBgDeploymentLockCommand : BgDeploymentStateCmdlet
    {
        protected override void EndProcessing()
        {
            DeploymentLock? current = RunState((state, context) => state.Locks.GetAsync(context.Cancellation));
            if (current != null)
            {
                WriteObject(current);
            }
            else
            {
                WriteVerbose($"Project '{ProjectConfiguration.Project}' holds no deployment lock.");
            }
        }
    }
}
