using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>A command that failed on one machine of many (or locally): which one, and the engine's error.</summary>
    internal sealed record MachineCommandFailure(string Target, BlueGreenException Error);
}
