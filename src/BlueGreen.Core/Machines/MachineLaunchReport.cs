namespace BlueGreen.Machines
{
    /// <summary>What a batch launch left: the machines kept, the launches that failed, the machines rolled back.</summary>
    public sealed class MachineLaunchReport(IReadOnlyList<Machine> launched, IReadOnlyList<MachineLaunchFailure> failures, IReadOnlyList<MachineInstance> rolledBack, BlueGreen.Diagnostics.BlueGreenException? registrationFailure = null)
    {
        /// <summary>Machines that launched and were kept, in launch order.</summary>
        public IReadOnlyList<Machine> Launched { get; } = launched;

        public IReadOnlyList<MachineLaunchFailure> Failures { get; } = failures;

        /// <summary>Machines that launched but were removed again because another launch failed (RollBack).</summary>
        public IReadOnlyList<MachineInstance> RolledBack { get; } = rolledBack;

        /// <summary>
        /// Why registering the launched machines failed (one RegisterTargets for the batch); null when it did not.
        /// They are kept (Keep), running and registered nowhere (Role Orphan); register them again or remove them.
        /// </summary>
        public BlueGreen.Diagnostics.BlueGreenException? RegistrationFailure { get; } = registrationFailure;
    }
}
