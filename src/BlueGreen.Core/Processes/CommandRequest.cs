namespace BlueGreen.Processes
{
    /// <summary>
    /// One external process to run: an executable and its arguments as an array (never a shell string), where,
    /// with which environment overrides, what to feed on standard input and how long it may take.
    /// </summary>
    public sealed class CommandRequest
    {
        public CommandRequest(string executable, IEnumerable<string> arguments)
        {
            if (string.IsNullOrWhiteSpace(executable))
            {
                throw new ArgumentException("The executable must be a non-empty path or command name.", nameof(executable));
            }

            Executable = executable;
            Arguments = (arguments ?? throw new ArgumentNullException(nameof(arguments))).ToArray();
            if (Arguments.Any(argument => argument == null))
            {
                throw new ArgumentException("An argument is null.", nameof(arguments));
            }
        }

        public string Executable { get; }

        /// <summary>Passed to the process one by one, each escaped as a single argument.</summary>
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>Working directory of the process; null keeps the current one.</summary>
        public string? WorkingDirectory { get; set; }

        /// <summary>Variables set (or, with a null value, removed) on top of the current process's environment.</summary>
        public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

        /// <summary>Text written to the process's standard input, which is then closed; null gives it no input.</summary>
        public string? StandardInput { get; set; }

        /// <summary>
        /// The deadline every process has when nobody chose one: no external process runs without a deadline. The
        /// project's CommandTimeoutSeconds and the cmdlets' -CommandTimeoutSec replace it.
        /// </summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);

        /// <summary>
        /// How long the process may run before it and its children are killed; null means the runner's default
        /// (<see cref="DefaultTimeout"/> unless the runner was made with another). Never unlimited.
        /// </summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Where it runs, for messages: e.g. "machine shop-v42-1"; null for this computer.</summary>
        public string? Target { get; set; }

        /// <summary>When true (the default), a non-zero exit code throws <see cref="CommandFailedException"/>.</summary>
        public bool ThrowOnNonZeroExit { get; set; } = true;

        /// <summary>The command as one line for messages and -Verbose (arguments quoted when they contain spaces).</summary>
        public string DisplayText => string.Join(" ", new[] { Executable }.Concat(Arguments).Select(Quote));

        public override string ToString() => DisplayText;

        /// <summary>A copy with another timeout (everything else the same).</summary>
        public CommandRequest WithTimeout(TimeSpan? timeout) => new CommandRequest(Executable, Arguments)
        {
            WorkingDirectory = WorkingDirectory,
            Environment = Environment,
            StandardInput = StandardInput,
            Timeout = timeout,
            Target = Target,
            ThrowOnNonZeroExit = ThrowOnNonZeroExit,
        };

        private static string Quote(string value) =>
            value.Length > 0 && value.IndexOfAny(new[] { ' ', '\t', '"', '\'' }) < 0 ? value : "'" + value.Replace("'", "'\\''") + "'";
    }
}
