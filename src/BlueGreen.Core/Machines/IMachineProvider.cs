using BlueGreen.Configuration;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Launches, lists and removes a project's machines and says how docker reaches them. Implementations:
    /// <see cref="DockerMachineProvider"/> (docker-machine, amazonec2 driver) and <see cref="Ec2MachineProvider"/>
    /// (EC2 RunInstances), <see cref="Local.LocalMachineProvider"/> (gunicorn on this host, an instance of a loopback sandbox). All members are safe to call concurrently.
    /// </summary>
    public interface IMachineProvider
    {
        MachineProviderKind Kind { get; }

        /// <summary>
        /// Launches one machine and returns it once it is running and reachable. A launch that fails or is
        /// cancelled part-way removes whatever it had created before the exception leaves.
        /// </summary>
        /// <param name="status">Receives short status lines ("Creating instance", "Waiting for status checks").</param>
        Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken);

        /// <summary>The project's running machines (named with the project's prefix).</summary>
        Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken);

        /// <summary>Removes the machine and its instance.</summary>
        Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken);

        /// <summary>How docker reaches this machine's engine (MachineHasNoDockerEngine for a Local machine).</summary>
        Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken);

        /// <summary>
        /// How the application is started on this provider's machines and how manage.py runs on them: a
        /// <see cref="ComposeApplication"/> built from <paramref name="compose"/> and <paramref name="manage"/> for
        /// machines with a Docker engine, the provider's own for Local machines.
        /// </summary>
        IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage);
    }
}
