using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The application as a compose project on the machine's Docker engine: started with
    /// <c>docker compose up --build -d</c> (built from what is on disk now), manage.py run in its service.
    /// </summary>
    /// <param name="provider">Says how docker reaches each machine's engine.</param>
    public sealed class ComposeApplication(IMachineProvider provider, ComposeRunner compose, ManageRunner manage) : IMachineApplication
    {
        private static readonly string[] ComposeUp = { "up", "--build", "-d" };

        private readonly IMachineProvider _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        private readonly ComposeRunner _compose = compose ?? throw new ArgumentNullException(nameof(compose));
        private readonly ManageRunner _manage = manage ?? throw new ArgumentNullException(nameof(manage));

        public string? StartDescription => "docker compose up --build -d";

        public async Task StartAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            DockerConnection connection = await _provider.GetDockerConnectionAsync(machine, cancellationToken).ConfigureAwait(false);
            await _compose.RunAsync(connection, ComposeUp, cancellationToken).ConfigureAwait(false);
        }

        public async Task<ManageCommand> ManageCommandAsync(MachineInstance machine, ManageMode mode, CancellationToken cancellationToken)
        {
            DockerConnection connection = await _provider.GetDockerConnectionAsync(machine, cancellationToken).ConfigureAwait(false);
            return await _manage.OnMachineAsync(connection, mode, cancellationToken).ConfigureAwait(false);
        }
    }
}
