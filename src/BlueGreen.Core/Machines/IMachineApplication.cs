using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// How the application runs on a provider's machines: what starts it once a machine is launched, and how
    /// manage.py runs beside it. <see cref="ComposeApplication"/> (docker compose on the machine's engine) for
    /// docker-machine and EC2 machines; <see cref="Local.LocalProcessApplication"/> for Local machines, whose launch
    /// already started gunicorn. A provider hands out its own (<see cref="IMachineProvider.CreateApplication"/>).
    /// </summary>
    public interface IMachineApplication
    {
        /// <summary>What <see cref="StartAsync"/> runs, for progress and -Verbose; null when launching the machine already started the application.</summary>
        string? StartDescription { get; }

        /// <summary>
        /// Starts (or builds and starts) the application on a launched machine. When <see cref="StartDescription"/> is
        /// null it starts nothing and only checks the application still runs (the launcher then skips it).
        /// </summary>
        Task StartAsync(MachineInstance machine, CancellationToken cancellationToken);

        /// <summary>The command that runs manage.py on <paramref name="machine"/> with its code and environment.</summary>
        /// <param name="mode">Exec or Run for compose; a Local machine has one way (python in its snapshot).</param>
        Task<ManageCommand> ManageCommandAsync(MachineInstance machine, ManageMode mode, CancellationToken cancellationToken);
    }
}
