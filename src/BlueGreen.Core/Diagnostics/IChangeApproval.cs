namespace BlueGreen.Diagnostics
{
    /// <summary>
    /// Asks whether one change to one target may go ahead (PowerShell's ShouldProcess). The PowerShell
    /// implementation marshals the question to the pipeline thread, so it is safe to call from engine worker
    /// threads; a "no" (or -WhatIf) means the engine must not make that change.
    /// </summary>
    public interface IChangeApproval
    {
        bool Approve(string target, string action);
    }
}
