using System.IO;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Runs Django's manage.py: on a machine in the compose service (exec by default: <c>docker exec -i</c> on the
    /// service's running container when <see cref="ServiceContainerFinder"/> finds it for certain, else compose's
    /// <c>exec -T</c>; <c>run --rm</c>, which runs cookiecutter-django's entrypoint and so has DATABASE_URL), or as the
    /// configured local command (Manage.LocalCommand in Manage.LocalWorkingDirectory) when no machine is involved.
    /// </summary>
    public sealed class ManageRunner
    {
        private readonly ICommandRunner _runner;
        private readonly ComposeRunner _compose;
        private readonly ManageSettings _settings;
        private readonly string _baseDirectory;
        private readonly IOperationReporter _reporter;
        private readonly ServiceContainerFinder _containers;
        private readonly ManageSessionPool? _sessions;

        /// <param name="containers">Finds the service's container for <c>docker exec</c> (default: through <paramref name="runner"/>).</param>
        /// <param name="sessions">
        /// The open manage.py sessions: a container with one open runs certainly, so it is used without a docker ps
        /// (inside a maintenance window, where each lookup is an ssh round trip users wait for).
        /// </param>
        public ManageRunner(ICommandRunner runner, ComposeRunner compose, ManageSettings settings, string baseDirectory, IOperationReporter reporter,
            ServiceContainerFinder? containers = null, ManageSessionPool? sessions = null)
        {
            _sessions = sessions;
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _compose = compose ?? throw new ArgumentNullException(nameof(compose));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _baseDirectory = baseDirectory;
            _reporter = reporter ?? NullOperationReporter.Instance;
            _containers = containers ?? new ServiceContainerFinder(runner, _reporter);
        }

        /// <summary>The compose runner manage.py on a machine goes through.</summary>
        public ComposeRunner Compose => _compose;

        /// <summary>Whether a local manage command is configured (Manage.LocalCommand).</summary>
        public bool HasLocalCommand => _settings.LocalCommand.Count > 0;

        /// <summary>The configured Manage.Mode (Exec unless bluegreen.psd1 says Run).</summary>
        public ManageMode DefaultMode => _settings.Mode;

        /// <summary>manage.py in the compose service of the machine behind <paramref name="connection"/> (its project directory and project name, if it names them).</summary>
        public async Task<ManageCommand> OnMachineAsync(DockerConnection connection, ManageMode mode, CancellationToken cancellationToken)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            if (_settings.Command.Count == 0)
            {
                throw new BlueGreenException("ManageCommandNotSet", FailureCategory.InvalidArgument,
                    "Manage.Command is empty. Set it in bluegreen.psd1 to the command inside the service, e.g. @('python', '/app/manage.py').", "Manage.Command");
            }

            string workingDirectory = _compose.WorkingDirectory(connection);
            if (mode == ManageMode.Exec && _containers.ProjectName(connection, workingDirectory, _compose.ComposeFile) is string project)
            {
                // What compose exec -T does (no TTY, stdin attached, the container's own environment and directory), without compose's start.
                IReadOnlyDictionary<string, string?> environment = connection.ToEnvironment();
                ManageCommand DockerExec(string container) =>
                    new ManageCommand(_compose.DockerExecutable, new[] { "exec", "-i", container }.Concat(_settings.Command), workingDirectory, environment, connection.Describe());

                ManageCommand? open = _sessions?.FindOpen(c => c.ArgumentPrefix.Count > 2 && c.IsSameAs(DockerExec(c.ArgumentPrefix[2])));
                if (open != null)
                {
                    _reporter.Verbose($"{connection.Describe()}: container {open.ArgumentPrefix[2]} runs an open manage.py session; no docker ps.");
                    return open;
                }

                string? container = await _containers.FindAsync(_compose.DockerExecutable, connection, project, _compose.Service, cancellationToken).ConfigureAwait(false);
                if (container != null)
                {
                    return DockerExec(container);
                }
            }

            IEnumerable<string> serviceCommand = mode == ManageMode.Run
                ? new[] { "run", "--rm", "-T", _compose.Service }
                : new[] { "exec", "-T", _compose.Service };
            ComposeCommand compose = await _compose.CommandAsync(cancellationToken).ConfigureAwait(false);
            return new ManageCommand(compose.Executable, _compose.ComposeArguments(compose, connection, serviceCommand.Concat(_settings.Command)),
                workingDirectory, connection.ToEnvironment(), connection.Describe());
        }

        /// <summary>The configured local manage command (e.g. python3 manage.py in the project directory).</summary>
        public ManageCommand Local()
        {
            if (!HasLocalCommand)
            {
                throw new BlueGreenException("NoLocalManageCommand", FailureCategory.InvalidArgument,
                    "No machine was given and Manage.LocalCommand is not set. Pipe machines in (Get-BgMachine | Invoke-BgManage ...), or set Manage.LocalCommand in bluegreen.psd1, e.g. @('python3', 'manage.py').",
                    "Manage.LocalCommand");
            }

            string executable = ExecutablePath.Resolve(_settings.LocalCommand[0], _baseDirectory, "Manage.LocalCommand");
            string directory = Path.GetFullPath(Path.Combine(_baseDirectory, string.IsNullOrEmpty(_settings.LocalWorkingDirectory) ? "." : _settings.LocalWorkingDirectory));
            return new ManageCommand(executable, _settings.LocalCommand.Skip(1), directory);
        }

        public Task<CommandResult> RunAsync(ManageCommand command, IEnumerable<string> manageArguments, CancellationToken cancellationToken)
        {
            CommandRequest request = command.CreateRequest(manageArguments);
            _reporter.Verbose($"Running {request.DisplayText}" + (request.WorkingDirectory == null ? "." : $" in {request.WorkingDirectory}."));
            return _runner.RunAsync(request, cancellationToken);
        }
    }
}
