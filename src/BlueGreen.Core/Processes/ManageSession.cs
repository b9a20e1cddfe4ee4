using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace BlueGreen.Processes
{
    /// <summary>
    /// One kept-open manage.py on a machine: <c>manage.py shell -c</c> running BlueGreen's manage_session.py, started
    /// through the same command as every other manage.py there (so it reaches the machine the same way: a local
    /// python, <c>docker exec -i</c>, <c>docker compose exec -T</c>, over ssh). Django is set up once; each command
    /// then costs its own work. One command at a time. A session that ended, timed out or was cancelled stays closed.
    /// </summary>
    public sealed class ManageSession
    {
        /// <summary>What starts every protocol line (a record separator and a word): other output is not the session's.</summary>
        internal const string Mark = "\u001eBGSESSION ";

        private static readonly Lazy<string> Script = new Lazy<string>(() =>
        {
            using Stream stream = typeof(ManageSession).Assembly.GetManifestResourceStream("BlueGreen.Processes.manage_session.py")
                ?? throw new InvalidOperationException("manage_session.py is not embedded in BlueGreen.Core.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });

        private readonly TaskCompletionSource<int> _ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _one = new SemaphoreSlim(1, 1);
        private IInteractiveProcess? _process;
        private TaskCompletionSource<JsonElement>? _answer;
        private int _nextId;
        private volatile bool _closed;

        private ManageSession(ManageCommand command)
        {
            Command = command;
        }

        /// <summary>The manage command this session stands for: requests that start with it are answered here.</summary>
        public ManageCommand Command { get; }

        /// <summary>The session's process id on its machine (as the driver reported it).</summary>
        public int RemotePid => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : 0;

        /// <summary>True while it can take a command: ready, not ended, never timed out or cancelled.</summary>
        public bool IsOpen => !_closed && _ready.Task.IsCompletedSuccessfully && _process != null && !_process.Exited.IsCompleted;

        /// <summary>The manage.py arguments that start a session (after the command's prefix).</summary>
        public static IReadOnlyList<string> StartArguments => new[] { "shell", "-c", Script.Value };

        /// <summary>
        /// Starts the session and waits until Django answers ready. Throws BlueGreenException ManageSessionNotOpened
        /// (the process ended first, or <paramref name="timeout"/> passed: it is then stopped).
        /// </summary>
        public static async Task<ManageSession> OpenAsync(IInteractiveProcessStarter starter, ManageCommand command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var session = new ManageSession(command ?? throw new ArgumentNullException(nameof(command)));
            CommandRequest request = command.CreateRequest(StartArguments);
            session._process = (starter ?? throw new ArgumentNullException(nameof(starter))).Start(request, session.OnLine);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = Task.Delay(timeout, stop.Token);
            Task first = await Task.WhenAny(session._ready.Task, session._process.Exited, delay).ConfigureAwait(false);
            stop.Cancel();
            if (first == session._ready.Task)
            {
                return session;
            }

            await session.CloseAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            string why = first == delay
                ? $"Django did not answer within {CliWrapCommandRunner.Describe(timeout)}"
                : $"it ended (exit code {session._process.Exited.Result}){Tail(session._process)}";
            throw new BlueGreenException("ManageSessionNotOpened", FailureCategory.ResourceUnavailable,
                $"Could not open a manage.py session{Where(command)}: {why}.", command.Target ?? command.ToString());
        }

        /// <summary>
        /// Runs <c>manage.py &lt;manageArguments&gt;</c> in the session; null when the session was no longer open when
        /// the command's turn came (nothing was sent: run it another way). Throws ManageSessionEnded when the session
        /// ended while the command ran (whether it took effect is not known), CommandTimedOut after
        /// <paramref name="timeout"/>, and OperationCanceledException when cancelled; the session is closed after each.
        /// A non-zero exit is returned, not thrown.
        /// </summary>
        public async Task<CommandResult?> RunAsync(CommandRequest request, IReadOnlyList<string> manageArguments, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!IsOpen)
                {
                    return null;
                }

                var clock = Stopwatch.StartNew();
                int id = ++_nextId;
                var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _answer, answer);
                IInteractiveProcess process = _process!;
                await process.WriteLineAsync(Mark + JsonSerializer.Serialize(new { id, args = manageArguments }), CancellationToken.None).ConfigureAwait(false);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task delay = Task.Delay(timeout, stop.Token);
                Task first = await Task.WhenAny(answer.Task, process.Exited, delay).ConfigureAwait(false);
                stop.Cancel();
                if (first == answer.Task)
                {
                    JsonElement reply = answer.Task.Result;
                    string output = reply.GetProperty("out").GetString() ?? string.Empty;
                    return new CommandResult(request.DisplayText, reply.GetProperty("exit").GetInt32(), CliWrapCommandRunner.SplitLines(output),
                        reply.GetProperty("err").GetString() ?? string.Empty, clock.Elapsed);
                }

                await CloseAsync().ConfigureAwait(false);
                if (first == process.Exited)
                {
                    throw new BlueGreenException("ManageSessionEnded", FailureCategory.ResourceUnavailable,
                        $"The manage.py session{Where(Command)} ended (exit code {process.Exited.Result}) while it ran '{string.Join(" ", manageArguments)}'; " +
                        $"whether the command took effect is not known.{Tail(process)} Check the machine, then run the step again (Resume-BgDeployment).",
                        request.DisplayText);
                }

                cancellationToken.ThrowIfCancellationRequested();
                string where = request.Target == null ? string.Empty : " on " + request.Target;
                throw new BlueGreenException("CommandTimedOut", FailureCategory.OperationTimeout,
                    $"'{request.DisplayText}'{where} (in a manage.py session) did not finish within the {CliWrapCommandRunner.Describe(timeout)} it was allowed, and the session was stopped. " +
                    "Check that the machine is reachable and the command is not waiting for something, or allow more time with -CommandTimeoutSec or CommandTimeoutSeconds in bluegreen.psd1.",
                    request.DisplayText);
            }
            finally
            {
                _one.Release();
            }
        }

        /// <summary>Closes standard input (the session ends by itself), and kills it when it has not ended within a few seconds.</summary>
        public Task CloseAsync()
        {
            _closed = true;
            return _process == null ? Task.CompletedTask : _process.StopAsync(TimeSpan.FromSeconds(3));
        }

        private void OnLine(string line)
        {
            if (!line.StartsWith(Mark, StringComparison.Ordinal))
            {
                return;
            }

            JsonElement message;
            try
            {
                message = JsonDocument.Parse(line.Substring(Mark.Length)).RootElement.Clone();
            }
            catch (JsonException)
            {
                return;
            }

            if (message.TryGetProperty("ready", out JsonElement pid) && pid.TryGetInt32(out int remote))
            {
                _ready.TrySetResult(remote);
            }
            else if (message.TryGetProperty("id", out JsonElement id) && id.TryGetInt32(out int answered))
            {
                TaskCompletionSource<JsonElement>? waiting = Volatile.Read(ref _answer);
                if (waiting != null && answered == _nextId)
                {
                    waiting.TrySetResult(message);
                }
            }
        }

        private static string Where(ManageCommand command) => command.Target == null ? string.Empty : " on " + command.Target;

        private static string Tail(IInteractiveProcess process)
        {
            string tail = process.StandardErrorTail.Trim();
            return tail.Length == 0 ? string.Empty : " Its last error output: " + tail;
        }
    }
}
