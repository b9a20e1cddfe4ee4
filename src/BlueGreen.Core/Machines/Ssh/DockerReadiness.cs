using BlueGreen.Processes;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// Waits until Docker answers through a machine's ssh connection: <c>docker version --format
    /// {{.Server.Version}}</c> with the connection's environment (DOCKER_HOST=ssh://..., BlueGreen's ssh first on PATH),
    /// the same path compose takes next. A refused login, a refused host key and a missing docker fail at once (waiting
    /// would not help); anything else (sshd restarting, the Docker service starting) is tried again until the deadline,
    /// which fails naming the last error.
    /// </summary>
    public sealed class DockerReadiness
    {
        private readonly ICommandRunner _runner;
        private readonly string _dockerExecutable;
        private readonly TimeSpan _timeout;
        private readonly IOperationReporter _reporter;

        public DockerReadiness(ICommandRunner runner, string dockerExecutable, TimeSpan timeout, IOperationReporter reporter)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _dockerExecutable = dockerExecutable ?? throw new ArgumentNullException(nameof(dockerExecutable));
            _timeout = timeout;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>Pause before the second try (later pauses grow up to 10 s).</summary>
        public TimeSpan FirstPollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long one <c>docker version</c> may take.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Returns the server's version once Docker answers.</summary>
        public async Task<string> WaitAsync(DockerConnection connection, SshTarget target, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(_timeout, cancellationToken, FirstPollInterval);
            string? lastError = null;
            try
            {
                while (true)
                {
                    var request = new CommandRequest(_dockerExecutable, new[] { "version", "--format", "{{.Server.Version}}" })
                    {
                        Environment = connection.ToEnvironment(),
                        ThrowOnNonZeroExit = false,
                        Timeout = AttemptTimeout,
                        Target = connection.Describe(),
                    };
                    (CommandResult? result, string? timedOut) = await deadline.TryRunAsync(_runner, request).ConfigureAwait(false);
                    if (result == null)
                    {
                        lastError = timedOut;
                        await deadline.PauseAsync().ConfigureAwait(false);
                        continue;
                    }

                    string version = string.Join(string.Empty, result.StandardOutput).Trim();
                    if (result.Succeeded && version.Length > 0)
                    {
                        _reporter.Verbose($"Docker {version} answers on {target.Describe()} through ssh.");
                        return version;
                    }

                    lastError = string.IsNullOrWhiteSpace(result.StandardError) ? $"docker version exited with code {result.ExitCode} and printed no server version" : result.StandardError;
                    BlueGreenException? final = SshFailures.Final(target, lastError);
                    if (final != null)
                    {
                        throw final;
                    }

                    _reporter.Verbose($"Docker on {target.Describe()} does not answer yet ({SshFailures.Excerpt(lastError)}); trying again.");
                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw lastError != null && SshFailures.IsUnreachable(lastError)
                    ? SshFailures.MachineUnreachable(target, lastError, _timeout)
                    : SshFailures.DockerNotReady(target, lastError, _timeout);
            }
        }
    }
}
