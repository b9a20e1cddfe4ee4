namespace BlueGreen.Processes
{
    /// <summary>
    /// Kept-open manage.py sessions (<see cref="ManageSession"/>) in front of a command runner: a request that runs
    /// manage.py through a command with an open session (same executable, prefix, directory and environment, nothing
    /// on standard input) is answered by the session, in milliseconds where a new process costs a Python and Django
    /// start; every other request, and every request once its session has closed, goes to the inner runner as before.
    /// Sessions open only when asked (<see cref="OpenAsync"/>: Django maintenance opens them before its window, for its
    /// machines and the manage commands the deployment announced with <see cref="Expect"/>), and all close with
    /// <see cref="CloseAsync"/> (the end of the cmdlet, Ctrl+C or failure). A killed BlueGreen closes their standard
    /// input, which ends them too.
    /// </summary>
    public sealed class ManageSessionPool : ICommandRunner, IDisposable
    {
        /// <summary>manage.py commands never sent to a session: they read standard input or run for ever.</summary>
        private static readonly HashSet<string> NotInSession = new HashSet<string>(StringComparer.Ordinal) { "shell", "dbshell", "runserver", "testserver" };

        private readonly ICommandRunner _inner;
        private readonly IInteractiveProcessStarter _starter;
        private readonly TimeSpan _defaultTimeout;
        private readonly IOperationReporter _reporter;
        private readonly object _gate = new object();
        private readonly List<ManageCommand> _expected = new List<ManageCommand>();
        private readonly List<ManageSession> _sessions = new List<ManageSession>();
        private readonly List<Task> _closing = new List<Task>();

        /// <param name="inner">Runs every request no session answers.</param>
        /// <param name="defaultTimeout">A command's deadline when its request names none (CommandTimeoutSeconds).</param>
        public ManageSessionPool(ICommandRunner inner, IInteractiveProcessStarter starter, TimeSpan defaultTimeout, IOperationReporter? reporter = null)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _starter = starter ?? throw new ArgumentNullException(nameof(starter));
            _defaultTimeout = defaultTimeout > TimeSpan.Zero ? defaultTimeout : CommandRequest.DefaultTimeout;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>When false (Manage.Sessions = $false), no session opens: every command starts its own process.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>How long a session may take to answer ready before the commands go without it.</summary>
        public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>The runner requests go to when no session answers them.</summary>
        public ICommandRunner Inner => _inner;

        /// <summary>The sessions open now.</summary>
        public IReadOnlyList<ManageSession> Open
        {
            get
            {
                lock (_gate)
                {
                    return _sessions.Where(s => s.IsOpen).ToList();
                }
            }
        }

        /// <summary>Announces a manage command this run will use (e.g. the migrate machine's): the next <see cref="OpenAsync"/> opens it too.</summary>
        public void Expect(ManageCommand command)
        {
            if (command == null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            lock (_gate)
            {
                if (!_expected.Any(c => c.IsSameAs(command)))
                {
                    _expected.Add(command);
                }
            }
        }

        /// <summary>The command of the first open session that <paramref name="match"/> accepts, or null.</summary>
        public ManageCommand? FindOpen(Func<ManageCommand, bool> match)
        {
            if (match == null)
            {
                throw new ArgumentNullException(nameof(match));
            }

            lock (_gate)
            {
                return _sessions.FirstOrDefault(s => s.IsOpen && match(s.Command))?.Command;
            }
        }

        /// <summary>True when an open session answers <paramref name="command"/>'s requests.</summary>
        public bool HasSession(ManageCommand command) => command != null && Find(command) != null;

        /// <summary>
        /// Opens a session for each of <paramref name="commands"/> and the expected ones that has none, in parallel, and
        /// waits until each is ready or failed. A session that cannot open is a warning, never an error: its commands
        /// start their own process as without sessions. Returns how many are open.
        /// </summary>
        public async Task<int> OpenAsync(IEnumerable<ManageCommand> commands, CancellationToken cancellationToken)
        {
            if (!Enabled)
            {
                return 0;
            }

            var wanted = new List<ManageCommand>();
            lock (_gate)
            {
                foreach (ManageCommand command in (commands ?? Enumerable.Empty<ManageCommand>()).Concat(_expected))
                {
                    if (!wanted.Any(c => c.IsSameAs(command)) && !_sessions.Any(s => s.IsOpen && s.Command.IsSameAs(command)))
                    {
                        wanted.Add(command);
                    }
                }
            }

            await Task.WhenAll(wanted.Select(command => OpenOneAsync(command, cancellationToken))).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return Open.Count;
        }

        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            ManageSession? session = request.StandardInput == null ? FindFor(request) : null;
            if (session != null)
            {
                IReadOnlyList<string> manageArguments = request.Arguments.Skip(session.Command.ArgumentPrefix.Count).ToList();
                _reporter.Verbose($"(in the open manage.py session, pid {session.RemotePid}{(request.Target == null ? string.Empty : " on " + request.Target)}: manage.py {string.Join(" ", manageArguments)})");
                CommandResult? result = await session.RunAsync(request, manageArguments, request.Timeout ?? _defaultTimeout, cancellation).ConfigureAwait(false);
                if (result != null)
                {
                    if (!result.Succeeded && request.ThrowOnNonZeroExit)
                    {
                        throw new CommandFailedException(result);
                    }

                    return result;
                }

                _reporter.Verbose("The manage.py session had closed before the command was sent; it runs in a process of its own.");
            }

            return await _inner.RunAsync(request, cancellation).ConfigureAwait(false);
        }

        /// <summary>
        /// Closes every open session (each is killed when it has not ended a few seconds after its input closed). The
        /// announced commands are kept: a later window opens them again. <see cref="Dispose"/> waits for every close.
        /// </summary>
        public Task CloseAsync()
        {
            Task closing;
            lock (_gate)
            {
                closing = Task.WhenAll(_sessions.Select(s => s.CloseAsync()).ToList());
                _sessions.Clear();
                _closing.Add(closing);
            }

            return closing;
        }

        /// <summary>Closes every session, waits until each has ended (or was killed), and forgets the announced commands.</summary>
        public void Dispose()
        {
            CloseAsync();
            Task[] closing;
            lock (_gate)
            {
                closing = _closing.ToArray();
                _closing.Clear();
                _expected.Clear();
            }

            Task.WhenAll(closing).GetAwaiter().GetResult();
        }

        private async Task OpenOneAsync(ManageCommand command, CancellationToken cancellationToken)
        {
            try
            {
                _reporter.Verbose($"Opening a manage.py session{(command.Target == null ? string.Empty : " on " + command.Target)}: {command} shell -c <manage_session.py>.");
                ManageSession session = await ManageSession.OpenAsync(_starter, command, OpenTimeout < _defaultTimeout ? OpenTimeout : _defaultTimeout, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _sessions.Add(session);
                }
            }
            catch (Exception ex) when (ex is BlueGreenException || ex is OperationCanceledException)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _reporter.Warning(ex.Message + " Its manage.py commands start a process of their own.");
                }
            }
        }

        private ManageSession? Find(ManageCommand command)
        {
            lock (_gate)
            {
                return _sessions.FirstOrDefault(s => s.IsOpen && s.Command.IsSameAs(command));
            }
        }

        private ManageSession? FindFor(CommandRequest request)
        {
            lock (_gate)
            {
                return _sessions.FirstOrDefault(s => s.IsOpen && Answers(s.Command, request));
            }
        }

        private static bool Answers(ManageCommand command, CommandRequest request) =>
            request.Executable == command.Executable
            && request.Arguments.Count > command.ArgumentPrefix.Count
            && request.Arguments.Take(command.ArgumentPrefix.Count).SequenceEqual(command.ArgumentPrefix)
            && !NotInSession.Contains(request.Arguments[command.ArgumentPrefix.Count])
            && request.WorkingDirectory == command.WorkingDirectory
            && command.HasEnvironment(request.Environment);
    }
}
