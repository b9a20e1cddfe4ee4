using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>A command that failed on one machine of many (or locally): which one, and the engine's error.</summary>
    internal sealed class MachineCommandFailure
    {
        internal MachineCommandFailure(string target, BlueGreenException error)
        {
            Target = target;
            Error = error;
        }

        internal string Target { get; }

        internal BlueGreenException Error { get; }
    }
}
