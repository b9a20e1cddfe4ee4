using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Finds the compose CLI when bluegreen.psd1 names none: <c>docker compose version</c> exiting 0 means Compose v2
    /// (<c>docker compose</c>); otherwise <c>docker-compose</c> on PATH means v1; otherwise ComposeNotFound, naming
    /// both and Compose.Command. The answer is kept for the detector's life (<see cref="ForProcess"/>: once per process);
    /// a failed detection is not kept, so installing compose and retrying works without a new session.
    /// </summary>
    public sealed class ComposeCommandDetector
    {
        private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);
        private static readonly Lazy<ComposeCommandDetector> Process =
            new Lazy<ComposeCommandDetector>(() => new ComposeCommandDetector(new CliWrapCommandRunner(VersionTimeout)), LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly ICommandRunner _runner;
        private readonly Func<string, string?> _findOnPath;
        private readonly object _gate = new object();
        private Task<ComposeCommand>? _detected;

        /// <param name="findOnPath">The full path of a program name on PATH, or null (default: searches PATH).</param>
        public ComposeCommandDetector(ICommandRunner runner, Func<string, string?>? findOnPath = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _findOnPath = findOnPath ?? ExecutablePath.FindOnPath;
        }

        /// <summary>The detector of this process (runs real processes; detects at most once while it succeeds).</summary>
        public static ComposeCommandDetector ForProcess => Process.Value;

        /// <summary>The compose CLI of this host; detected on the first call, the same answer after.</summary>
        public Task<ComposeCommand> DetectAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_detected == null || _detected.IsFaulted || _detected.IsCanceled)
                {
                    _detected = DetectNowAsync(cancellationToken);
                }

                return _detected;
            }
        }

        private async Task<ComposeCommand> DetectNowAsync(CancellationToken cancellationToken)
        {
            string v2Problem;
            var version = new CommandRequest("docker", new[] { "compose", "version" }) { Timeout = VersionTimeout, ThrowOnNonZeroExit = false };
            try
            {
                CommandResult result = await _runner.RunAsync(version, cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    string said = result.StandardOutput.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "exit code 0";
                    return ComposeCommand.V2("docker", $"detected: 'docker compose version' answered '{said}'");
                }

                string error = result.StandardError.Trim();
                v2Problem = $"'docker compose version' exited with {result.ExitCode}{(error.Length == 0 ? string.Empty : ": " + FirstLine(error))}";
            }
            catch (BlueGreenException ex) when (ex.ErrorId == "ExecutableNotFound")
            {
                v2Problem = "docker is not on PATH";
            }

            string? v1 = _findOnPath("docker-compose");
            if (v1 != null)
            {
                return ComposeCommand.V1("docker-compose", $"detected: docker-compose at {v1} ({v2Problem})");
            }

            throw new BlueGreenException("ComposeNotFound", FailureCategory.NotInstalled,
                $"Neither Docker Compose v2 ('docker compose': {v2Problem}) nor v1 ('docker-compose': not on PATH) was found. Install one (Debian: apt-get install docker-compose; or Docker's compose plugin), or set Compose.Command in bluegreen.psd1, e.g. Command = @('docker-compose') or @('docker', 'compose') or a full path.",
                "Compose.Command");
        }

        private static string FirstLine(string text) => text.Split('\n')[0].Trim();
    }
}
