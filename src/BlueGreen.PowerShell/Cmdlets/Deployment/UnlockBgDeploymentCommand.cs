using BlueGreen.Deployment;
using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Cmdlets.Deployment
{
    /// <summary>
    /// Releases a hold taken with Lock-BgDeployment, or breaks the lock a crashed or stuck deployment left behind.
    /// Takes the lock id: when it is not the current lock's id, nothing changes and the error names the holder.
    /// High impact: it asks first (the question names the holder); -Force or -Confirm:$false does not ask.
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "BgDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DeploymentLock))]
    public sealed class UnlockBgDeploymentCommand : BgDeploymentStateCmdlet
    {
        /// <summary>The id of the lock to release (Get-BgDeploymentLock shows it).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^[0-9a-f]{16}$")]
        public string LockId { get; set; } = string.Empty;

        /// <summary>Does not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emits the lock that was released.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            DeploymentStateLocation location = StateLocation;
            string lockId = LockId;
            DeploymentLock? current = RunState((state, context) => state.Locks.GetAsync(context.Cancellation));
            if (current == null)
            {
                ThrowBgError("DeploymentLockNotFound", ErrorCategory.ObjectNotFound,
                    $"Project '{location.Project}' holds no deployment lock; there is nothing to unlock.", lockId);
                return;
            }

            if (current.LockId != lockId)
            {
                ThrowBgError("DeploymentLockIdMismatch", ErrorCategory.InvalidOperation,
                    $"Lock id {lockId} is not the current deployment lock of project '{location.Project}'; nothing was changed. The lock is held by {current.Describe()}.",
                    current);
                return;
            }

            string target = $"project '{location.Project}' lock {lockId}, held by {current.Describe()}";
            if (!Approved(target, "Release the deployment lock"))
            {
                return;
            }

            DeploymentLock released = RunState((state, context) => state.Locks.BreakAsync(lockId, context.Cancellation));
            if (PassThru)
            {
                WriteObject(released);
            }
        }

        private bool Approved(string target, string action)
        {
            bool whatIf = (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value) && value is SwitchParameter s && s.IsPresent) ||
                (GetVariableValue("WhatIfPreference") is object preference && LanguagePrimitives.IsTrue(preference));
            bool confirmAsked = MyInvocation.BoundParameters.ContainsKey("Confirm");
            return Force && !whatIf && !confirmAsked ? true : ShouldProcess(target, action);
        }
    }
}
