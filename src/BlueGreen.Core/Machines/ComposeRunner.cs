using System.IO;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Runs <c>&lt;compose&gt; -f &lt;file&gt; [-p &lt;project&gt;] &lt;arguments&gt;</c> against a machine, where &lt;compose&gt; is
    /// <c>docker compose</c> or <c>docker-compose</c> (<see cref="ComposeCommand"/>: configured, else detected once).
    /// The machine's Docker connection is the process environment (never eval'd); the compose project directory is
    /// the working directory (the build context of <c>up --build</c>): the connection's own (a Local machine's
    /// snapshot) or Compose.ProjectDirectory. A non-zero exit throws <see cref="CommandFailedException"/> carrying
    /// the exit code and standard error.
    /// </summary>
    public sealed class ComposeRunner
    {
        private readonly ICommandRunner _runner;
        private readonly IOperationReporter _reporter;
        private readonly ComposeCommandDetector _detector;
        private readonly ComposeCommand? _configured;

        /// <param name="baseDirectory">What a relative ProjectDirectory or executable path is relative to (the directory of bluegreen.psd1).</param>
        /// <param name="detector">Finds the compose CLI when the settings name none (default: <see cref="ComposeCommandDetector.ForProcess"/>).</param>
        public ComposeRunner(ICommandRunner runner, ComposeSettings settings, string baseDirectory, IOperationReporter reporter, ComposeCommandDetector? detector = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            _reporter = reporter ?? NullOperationReporter.Instance;
            _detector = detector ?? ComposeCommandDetector.ForProcess;
            _configured = ComposeCommand.FromSettings(settings, baseDirectory);
            DockerExecutable = settings.DockerExecutable == null ? "docker" : ExecutablePath.Resolve(settings.DockerExecutable, baseDirectory, "Compose.DockerExecutable");
            ComposeFile = string.IsNullOrEmpty(settings.File)
                ? throw new BlueGreenException("ComposeFileNotSet", FailureCategory.InvalidArgument, "Compose.File is empty. Set it in bluegreen.psd1, e.g. 'docker-compose.production.yml'.", "Compose.File")
                : settings.File;
            Service = string.IsNullOrEmpty(settings.Service)
                ? throw new BlueGreenException("ComposeServiceNotSet", FailureCategory.InvalidArgument, "Compose.Service is empty. Set it in bluegreen.psd1, e.g. 'django'.", "Compose.Service")
                : settings.Service;
            ProjectDirectory = Path.GetFullPath(Path.Combine(baseDirectory, string.IsNullOrEmpty(settings.ProjectDirectory) ? "." : settings.ProjectDirectory));
        }

        /// <summary>The docker client (Compose.DockerExecutable, else docker), for docker commands that are not compose's.</summary>
        public string DockerExecutable { get; }

        public string ComposeFile { get; }

        /// <summary>The Django service (what manage.py runs in).</summary>
        public string Service { get; }

        /// <summary>Absolute compose project directory (of machines whose connection names none).</summary>
        public string ProjectDirectory { get; }

        /// <summary>The compose CLI the configuration names, else the detected one (detected once).</summary>
        public Task<ComposeCommand> CommandAsync(CancellationToken cancellationToken) =>
            _configured != null ? Task.FromResult(_configured) : _detector.DetectAsync(cancellationToken);

        /// <summary>The process request for <c>&lt;compose&gt; -f &lt;file&gt; [-p &lt;project&gt;] &lt;arguments&gt;</c> on a machine.</summary>
        public async Task<CommandRequest> CreateRequestAsync(DockerConnection connection, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
            CreateRequest(await CommandAsync(cancellationToken).ConfigureAwait(false), connection, arguments);

        /// <summary>Runs compose on the machine behind <paramref name="connection"/> and returns its output.</summary>
        public async Task<CommandResult> RunAsync(DockerConnection connection, IEnumerable<string> arguments, CancellationToken cancellationToken)
        {
            ComposeCommand command = await CommandAsync(cancellationToken).ConfigureAwait(false);
            CommandRequest request = CreateRequest(command, connection, arguments);
            _reporter.Verbose($"Running {request.DisplayText} in {request.WorkingDirectory} with DOCKER_HOST={connection.Host} (compose command from {command.Source}).");
            return await _runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private CommandRequest CreateRequest(ComposeCommand command, DockerConnection connection, IEnumerable<string> arguments)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            return new CommandRequest(command.Executable, ComposeArguments(command, connection, arguments))
            {
                WorkingDirectory = WorkingDirectory(connection),
                Environment = connection.ToEnvironment(),
                Target = connection.Describe(),
            };
        }

        /// <summary>The compose project directory of a machine: its connection's, else Compose.ProjectDirectory.</summary>
        public string WorkingDirectory(DockerConnection connection) => connection.ProjectDirectory ?? ProjectDirectory;

        /// <summary><c>[compose] -f &lt;file&gt; [-p &lt;project&gt;]</c> followed by <paramref name="arguments"/>.</summary>
        internal IEnumerable<string> ComposeArguments(ComposeCommand command, DockerConnection connection, IEnumerable<string> arguments)
        {
            IEnumerable<string> project = connection.ComposeProject == null ? Array.Empty<string>() : new[] { "-p", connection.ComposeProject };
            return command.Prefix.Concat(new[] { "-f", ComposeFile }).Concat(project).Concat(arguments ?? throw new ArgumentNullException(nameof(arguments)));
        }
    }
}
