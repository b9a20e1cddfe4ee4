namespace BlueGreen.Machines
{
    /// <summary>
    /// A provider that makes many machines with one call (EC2: one RunInstances for the batch, <see cref="Ec2MachineProvider"/>).
    /// <see cref="MachineLauncher"/> uses it when the provider has it; the others launch machine by machine
    /// (<see cref="IMachineProvider.LaunchAsync"/>).
    /// </summary>
    public interface IBatchMachineProvider : IMachineProvider
    {
        /// <summary>
        /// Launches one machine per request and returns one outcome per request, in the requests' order, each once
        /// that machine is running and reachable or has failed. A failed or cancelled machine has been removed
        /// (with whatever it had made) before its outcome is returned, as <see cref="IMachineProvider.LaunchAsync"/> does.
        /// </summary>
        /// <param name="status">One progress sink per request.</param>
        /// <param name="maxParallel">At most this many machines' local work (ssh, host keys) at once.</param>
        Task<IReadOnlyList<LaunchOutcome<MachineInstance>>> LaunchBatchAsync(IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status,
            int maxParallel, CancellationToken cancellationToken);
    }
}
