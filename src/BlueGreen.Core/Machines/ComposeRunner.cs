using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Runs <c>docker compose -f &lt;file&gt; &lt;arguments&gt;</c> against a machine: the machine's Docker connection
    /// is the process environment (never eval'd), the compose project directory is the working directory (the
    /// build context of <c>up --build</c>). A non-zero exit throws <see cref="CommandFailedException"/> carrying
    /// the exit code and standard error.
    /// </summary>
    public sealed class ComposeRunner
    {
        private readonly ICommandRunner _runner;
        private readonly IOperationReporter _reporter;

        /// <param name="baseDirectory">What a relative ProjectDirectory or executable path is relative to (the directory of bluegreen.psd1).</param>
        public ComposeRunner(ICommandRunner runner, ComposeSettings settings, string baseDirectory, IOperationReporter reporter)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            _reporter = reporter ?? NullOperationReporter.Instance;
            DockerExecutable = ExecutablePath.Resolve(settings.DockerExecutable, baseDirectory, "Compose.DockerExecutable");
            ComposeFile = string.IsNullOrEmpty(settings.File)
                ? throw new BlueGreenException("ComposeFileNotSet", FailureCategory.InvalidArgument, "Compose.File is empty. Set it in bluegreen.psd1, e.g. 'docker-compose.production.yml'.", "Compose.File")
                : settings.File;
            Service = string.IsNullOrEmpty(settings.Service)
                ? throw new BlueGreenException("ComposeServiceNotSet", FailureCategory.InvalidArgument, "Compose.Service is empty. Set it in bluegreen.psd1, e.g. 'django'.", "Compose.Service")
                : settings.Service;
            ProjectDirectory = Path.GetFullPath(Path.Combine(baseDirectory, string.IsNullOrEmpty(settings.ProjectDirectory) ? "." : settings.ProjectDirectory));
        }

        public string DockerExecutable { get; }

        public string ComposeFile { get; }

        /// <summary>The Django service (what manage.py runs in).</summary>
        public string Service { get; }

        /// <summary>Absolute compose project directory.</summary>
        public string ProjectDirectory { get; }

        /// <summary>The process request for <c>docker compose -f &lt;file&gt; &lt;arguments&gt;</c> on a machine.</summary>
        public CommandRequest CreateRequest(DockerConnection connection, IEnumerable<string> arguments) =>
            new CommandRequest(DockerExecutable, ComposeArguments(arguments))
            {
                WorkingDirectory = ProjectDirectory,
                Environment = (connection ?? throw new ArgumentNullException(nameof(connection))).ToEnvironment(),
                Target = connection.Describe(),
            };

        /// <summary>Runs compose on the machine behind <paramref name="connection"/> and returns its output.</summary>
        public Task<CommandResult> RunAsync(DockerConnection connection, IEnumerable<string> arguments, CancellationToken cancellationToken)
        {
            CommandRequest request = CreateRequest(connection, arguments);
            _reporter.Verbose($"Running {request.DisplayText} in {ProjectDirectory} with DOCKER_HOST={connection.Host}.");
            return _runner.RunAsync(request, cancellationToken);
        }

        /// <summary><c>compose -f &lt;file&gt;</c> followed by <paramref name="arguments"/>.</summary>
        internal IEnumerable<string> ComposeArguments(IEnumerable<string> arguments) =>
            new[] { "compose", "-f", ComposeFile }.Concat(arguments ?? throw new ArgumentNullException(nameof(arguments)));
    }
}
