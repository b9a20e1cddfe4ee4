using System.IO;
using System.Text.RegularExpressions;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Finds the running container that <c>compose exec &lt;service&gt;</c> would use on a machine, with one
    /// <c>docker ps</c> filtered by the labels every compose version puts on its containers (project, service, not a
    /// one-off, container number 1), so manage.py can run by <c>docker exec</c>: the Docker CLI starts in a tenth of a
    /// second where docker-compose 1.29, a Python program, parses the project on every call (3-5 s a manage.py command
    /// over ssh). Whenever the container is not certain (the project name would come from COMPOSE_PROJECT_NAME or a
    /// .env file, docker ps fails, no such running container, more than one), it answers null and the caller keeps
    /// compose's own exec, with compose's own errors.
    /// </summary>
    public sealed class ServiceContainerFinder
    {
        public const string ProjectLabel = "com.docker.compose.project";
        public const string ServiceLabel = "com.docker.compose.service";
        public const string OneOffLabel = "com.docker.compose.oneoff";
        public const string NumberLabel = "com.docker.compose.container-number";

        private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(60);
        private static readonly Regex NotInProjectName = new Regex("[^-_a-z0-9]", RegexOptions.CultureInvariant);

        private readonly ICommandRunner _runner;
        private readonly IOperationReporter _reporter;
        private readonly Func<string, string?> _callerVariable;

        /// <param name="callerVariable">The caller's environment (compose reads COMPOSE_PROJECT_NAME from it); default: this process's.</param>
        public ServiceContainerFinder(ICommandRunner runner, IOperationReporter reporter, Func<string, string?>? callerVariable = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _reporter = reporter ?? NullOperationReporter.Instance;
            _callerVariable = callerVariable ?? Environment.GetEnvironmentVariable;
        }

        /// <summary>
        /// The compose project name compose gives the project of <paramref name="composeFile"/> run in
        /// <paramref name="workingDirectory"/>: the connection's own (-p), else the name of the compose file's directory
        /// as compose normalizes it; null when compose would take it from COMPOSE_PROJECT_NAME or a .env file.
        /// </summary>
        public string? ProjectName(DockerConnection connection, string workingDirectory, string composeFile)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            if (connection.ComposeProject != null)
            {
                return connection.ComposeProject;
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(workingDirectory, composeFile)));
            if (directory == null
                || !string.IsNullOrEmpty(_callerVariable("COMPOSE_PROJECT_NAME"))
                || connection.Variables.ContainsKey("COMPOSE_PROJECT_NAME")
                || File.Exists(Path.Combine(directory, ".env"))
                || File.Exists(Path.Combine(workingDirectory, ".env")))
            {
                return null;
            }

            string name = NotInProjectName.Replace(Path.GetFileName(directory).ToLowerInvariant(), string.Empty);
            return name.Length == 0 ? null : name;
        }

        /// <summary>The id of the running container number 1 of <paramref name="service"/> in <paramref name="project"/>, or null (see the class).</summary>
        public async Task<string?> FindAsync(string dockerExecutable, DockerConnection connection, string project, string service, CancellationToken cancellationToken)
        {
            var request = new CommandRequest(dockerExecutable, new[]
            {
                "ps", "--no-trunc",
                "--filter", $"label={ProjectLabel}={project}",
                "--filter", $"label={ServiceLabel}={service}",
                "--filter", "status=running",
                "--format", "{{.ID}}\t{{.Label \"" + NumberLabel + "\"}}\t{{.Label \"" + OneOffLabel + "\"}}",
            })
            {
                Environment = connection.ToEnvironment(),
                Timeout = LookupTimeout,
                Target = connection.Describe(),
                ThrowOnNonZeroExit = false,
            };
            CommandResult result;
            try
            {
                result = await _runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BlueGreenException || ex is TimeoutException)
            {
                _reporter.Verbose($"{connection.Describe()}: docker ps did not list the {service} container ({ex.Message}); manage.py goes through compose exec.");
                return null;
            }

            if (!result.Succeeded)
            {
                _reporter.Verbose($"{connection.Describe()}: docker ps exited with {result.ExitCode}; manage.py goes through compose exec.");
                return null;
            }

            string[] ids = result.StandardOutput
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 3 && fields[0].Length > 0 && fields[1] == "1" && !string.Equals(fields[2], "True", StringComparison.OrdinalIgnoreCase))
                .Select(fields => fields[0])
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (ids.Length != 1)
            {
                _reporter.Verbose($"{connection.Describe()}: {ids.Length} running container(s) number 1 of service {service} in compose project {project}; manage.py goes through compose exec.");
                return null;
            }

            return ids[0];
        }
    }
}
