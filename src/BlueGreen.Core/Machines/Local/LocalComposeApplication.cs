using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// The application of a Local machine of the Compose runtime: the same <see cref="ComposeApplication"/> as on
    /// EC2 or docker-machine machines (<c>up --build -d</c>, manage.py by <c>exec -T</c> or <c>run --rm</c> in the
    /// service) over the machine's local connection, and then the wait until the machine's port answers HTTP, which
    /// a Gunicorn launch does itself.
    /// </summary>
    public sealed class LocalComposeApplication(LocalMachineProvider provider, ComposeApplication compose) : IMachineApplication
    {
        private readonly LocalMachineProvider _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        private readonly ComposeApplication _compose = compose ?? throw new ArgumentNullException(nameof(compose));

        public string? StartDescription => _compose.StartDescription;

        public async Task StartAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            await _compose.StartAsync(machine, cancellationToken).ConfigureAwait(false);
            await _provider.WaitUntilComposeServingAsync(machine, cancellationToken).ConfigureAwait(false);
        }

        public Task<ManageCommand> ManageCommandAsync(MachineInstance machine, ManageMode mode, CancellationToken cancellationToken) =>
            _compose.ManageCommandAsync(machine, mode, cancellationToken);
    }
}
