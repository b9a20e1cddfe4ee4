using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// The application of a Local machine: the gunicorn its launch started (nothing more to start; a resumed
    /// deployment only checks it still runs), and manage.py as python in the machine's snapshot with its environment.
    /// </summary>
    public sealed class LocalProcessApplication(LocalMachineProvider provider) : IMachineApplication
    {
        private readonly LocalMachineProvider _provider = provider ?? throw new ArgumentNullException(nameof(provider));

        /// <summary>Null: launching a Local machine starts gunicorn.</summary>
        public string? StartDescription => null;

        /// <summary>Checks the machine's gunicorn still runs (LocalMachineNotServing otherwise).</summary>
        public Task StartAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            _provider.EnsureServing(machine);
            return Task.CompletedTask;
        }

        public Task<ManageCommand> ManageCommandAsync(MachineInstance machine, ManageMode mode, CancellationToken cancellationToken) =>
            Task.FromResult(_provider.ManageCommand(machine));
    }
}
