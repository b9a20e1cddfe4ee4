namespace BlueGreen.Processes
{
    /// <summary>
    /// How to run Django's manage.py somewhere: an executable, a fixed argument prefix that ends at manage.py, a
    /// working directory and environment overrides. Examples: <c>/usr/bin/python3 manage.py</c> in a project
    /// directory; <c>docker compose -f docker-compose.production.yml exec -T django python manage.py</c> with
    /// DOCKER_HOST in the environment; the same with <c>run --rm django</c>. Nothing here knows how it was obtained.
    /// </summary>
    public sealed class ManageCommand
    {
        private readonly IReadOnlyDictionary<string, string?> _environment;

        public ManageCommand(string executable, IEnumerable<string> argumentPrefix, string? workingDirectory = null,
            IReadOnlyDictionary<string, string?>? environment = null, string? target = null)
        {
            Target = target;
            if (string.IsNullOrWhiteSpace(executable))
            {
                throw new ArgumentException("The manage command needs an executable, e.g. /usr/bin/python3 or docker.", nameof(executable));
            }

            Executable = executable;
            ArgumentPrefix = (argumentPrefix ?? throw new ArgumentNullException(nameof(argumentPrefix))).ToArray();
            if (ArgumentPrefix.Any(argument => argument == null))
            {
                throw new ArgumentException("An argument of the manage command is null.", nameof(argumentPrefix));
            }

            WorkingDirectory = string.IsNullOrEmpty(workingDirectory) ? null : workingDirectory;
            _environment = environment == null
                ? new Dictionary<string, string?>()
                : environment.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        }

        /// <summary>Executable and prefix in one array, as a user writes it: <c>/usr/bin/python3</c>, <c>/srv/app/manage.py</c>.</summary>
        public static ManageCommand FromCommandLine(IReadOnlyList<string> commandLine, string? workingDirectory = null,
            IReadOnlyDictionary<string, string?>? environment = null)
        {
            if (commandLine == null || commandLine.Count == 0 || string.IsNullOrWhiteSpace(commandLine[0]))
            {
                throw new ArgumentException("The manage command is empty; give the executable and its arguments up to manage.py, e.g. /usr/bin/python3, /srv/app/manage.py.", nameof(commandLine));
            }

            return new ManageCommand(commandLine[0], commandLine.Skip(1), workingDirectory, environment);
        }

        /// <summary>
        /// manage.py inside a running Compose service: <c>docker compose -f &lt;file&gt; exec -T &lt;service&gt; python manage.py</c>.
        /// </summary>
        public static ManageCommand ComposeExec(string dockerExecutable, string composeFile, string service,
            IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
            new ManageCommand(dockerExecutable, new[] { "compose", "-f", composeFile, "exec", "-T", service, "python", "manage.py" },
                workingDirectory, environment);

        /// <summary>
        /// manage.py in a fresh container of a Compose service (runs the image's entrypoint, which exports DATABASE_URL
        /// in cookiecutter-django): <c>docker compose -f &lt;file&gt; run --rm &lt;service&gt; python manage.py</c>.
        /// </summary>
        public static ManageCommand ComposeRun(string dockerExecutable, string composeFile, string service,
            IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
            new ManageCommand(dockerExecutable, new[] { "compose", "-f", composeFile, "run", "--rm", "-T", service, "python", "manage.py" },
                workingDirectory, environment);

        public string Executable { get; }

        /// <summary>Arguments before the manage.py subcommand, ending with manage.py (or whatever stands for it).</summary>
        public IReadOnlyList<string> ArgumentPrefix { get; }

        public string? WorkingDirectory { get; }

        /// <summary>Where manage.py runs, for messages (e.g. "machine shop-v42-1"); null for this computer.</summary>
        public string? Target { get; }

        /// <summary>Variables set on top of the current environment (null value: removed).</summary>
        public IReadOnlyDictionary<string, string?> Environment => _environment;

        /// <summary>Executable followed by the prefix, the form <see cref="FromCommandLine"/> takes.</summary>
        public string[] CommandLine => new[] { Executable }.Concat(ArgumentPrefix).ToArray();

        /// <summary>A request to run <c>manage.py &lt;arguments&gt;</c>.</summary>
        public CommandRequest CreateRequest(IEnumerable<string> manageArguments, TimeSpan? timeout = null) =>
            new CommandRequest(Executable, ArgumentPrefix.Concat(manageArguments))
            {
                WorkingDirectory = WorkingDirectory,
                Environment = _environment,
                Timeout = timeout,
                Target = Target,
            };

        /// <summary>The command line without the environment (which may hold connection details).</summary>
        public override string ToString() => new CommandRequest(Executable, ArgumentPrefix).DisplayText;

        /// <summary>True when both run the same executable with the same prefix, directory and environment.</summary>
        public bool IsSameAs(ManageCommand other) =>
            other != null
            && Executable == other.Executable
            && ArgumentPrefix.SequenceEqual(other.ArgumentPrefix)
            && WorkingDirectory == other.WorkingDirectory
            && HasEnvironment(other._environment);

        /// <summary>True when its environment overrides are exactly <paramref name="environment"/> (same names, same values).</summary>
        public bool HasEnvironment(IReadOnlyDictionary<string, string?> environment) =>
            environment != null
            && _environment.Count == environment.Count
            && _environment.All(pair => environment.TryGetValue(pair.Key, out string? value) && value == pair.Value);
    }
}
