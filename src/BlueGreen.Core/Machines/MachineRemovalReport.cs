using System.Collections.Generic;
using BlueGreen.Diagnostics;

namespace BlueGreen.Machines
{
    /// <summary>What a removal did: the machines removed, and one error per machine not removed (refused, not found, failed).</summary>
    public sealed class MachineRemovalReport
    {
        public MachineRemovalReport(IReadOnlyList<Machine> removed, IReadOnlyList<BlueGreenException> failures)
        {
            Removed = removed;
            Failures = failures;
        }

        public IReadOnlyList<Machine> Removed { get; }

        /// <summary>Each error's Target is the machine (or the name that matched none).</summary>
        public IReadOnlyList<BlueGreenException> Failures { get; }
    }
}
