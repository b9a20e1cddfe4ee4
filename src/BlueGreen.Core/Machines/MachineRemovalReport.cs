namespace BlueGreen.Machines
{
    /// <summary>What a removal did: the machines removed, and one error per machine not removed (refused, not found, failed).</summary>
    /// <param name="Failures">Each error's Target is the machine (or the name that matched none).</param>
    public sealed record MachineRemovalReport(IReadOnlyList<Machine> Removed, IReadOnlyList<BlueGreenException> Failures);
}
