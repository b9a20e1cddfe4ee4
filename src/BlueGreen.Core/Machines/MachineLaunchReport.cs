using System.Collections.Generic;

namespace BlueGreen.Machines
{
    /// <summary>What a batch launch left: the machines kept, the launches that failed, the machines rolled back.</summary>
    public sealed class MachineLaunchReport
    {
        public MachineLaunchReport(IReadOnlyList<Machine> launched, IReadOnlyList<MachineLaunchFailure> failures, IReadOnlyList<MachineInstance> rolledBack)
        {
            Launched = launched;
            Failures = failures;
            RolledBack = rolledBack;
        }

        /// <summary>Machines that launched and were kept, in launch order.</summary>
        public IReadOnlyList<Machine> Launched { get; }

        public IReadOnlyList<MachineLaunchFailure> Failures { get; }

        /// <summary>Machines that launched but were removed again because another launch failed (RollBack).</summary>
        public IReadOnlyList<MachineInstance> RolledBack { get; }
    }
}
