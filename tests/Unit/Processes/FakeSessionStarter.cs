using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Processes;

namespace BlueGreen.Tests.Unit.Processes
{
    /// <summary>
    /// Starts in-memory manage.py sessions that speak manage_session.py's protocol: ready at once (unless
    /// <see cref="NeverReady"/> or <see cref="EndsAtStart"/>), then each command answered by <see cref="Answer"/>.
    /// Records every start and every command; a session can be ended from the test (<see cref="FakeSession.End"/>).
    /// </summary>
    internal sealed class FakeSessionStarter : IInteractiveProcessStarter
    {
        private const string Mark = "\u001eBGSESSION ";
        private int _pid = 100;

        /// <summary>exit code, stdout, stderr per manage.py argument list; default: exit 0, "done &lt;args&gt;".</summary>
        internal Func<IReadOnlyList<string>, (int Exit, string Out, string Err)> Answer { get; set; } = args => (0, "done " + string.Join(" ", args) + "\n", string.Empty);

        /// <summary>Commands whose answer never comes (the session hangs in them).</summary>
        internal Func<IReadOnlyList<string>, bool> Hangs { get; set; } = _ => false;

        /// <summary>Commands during which the session ends (exit 137, as when killed).</summary>
        internal Func<IReadOnlyList<string>, bool> DiesIn { get; set; } = _ => false;

        internal bool NeverReady { get; set; }

        internal bool EndsAtStart { get; set; }

        internal ConcurrentQueue<FakeSession> Started { get; } = new ConcurrentQueue<FakeSession>();

        /// <summary>Every command any session ran, with the session's target.</summary>
        internal ConcurrentQueue<(string? Target, string Command)> Commands { get; } = new ConcurrentQueue<(string?, string)>();

        public IInteractiveProcess Start(CommandRequest request, Action<string> onOutputLine)
        {
            var session = new FakeSession(this, request, onOutputLine, Interlocked.Increment(ref _pid));
            Started.Enqueue(session);
            if (EndsAtStart)
            {
                session.ErrorTail = "ImportError: No module named 'maintenance_mode'";
                session.End(1);
            }
            else if (!NeverReady)
            {
                onOutputLine("some import-time noise");
                onOutputLine(Mark + "{\"ready\": " + session.Pid + "}");
            }

            return session;
        }

        internal sealed class FakeSession : IInteractiveProcess
        {
            private readonly FakeSessionStarter _starter;
            private readonly Action<string> _output;
            private readonly TaskCompletionSource<int> _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

            internal FakeSession(FakeSessionStarter starter, CommandRequest request, Action<string> output, int pid)
            {
                _starter = starter;
                Request = request;
                _output = output;
                Pid = pid;
            }

            internal CommandRequest Request { get; }

            internal int Pid { get; }

            internal bool Stopped { get; private set; }

            public Task<int> Exited => _exited.Task;

            public string StandardErrorTail { get; set; } = string.Empty;

            internal string ErrorTail { set => StandardErrorTail = value; }

            public Task WriteLineAsync(string line, CancellationToken cancellationToken)
            {
                if (Exited.IsCompleted || !line.StartsWith(Mark, StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                using JsonDocument request = JsonDocument.Parse(line.Substring(Mark.Length));
                int id = request.RootElement.GetProperty("id").GetInt32();
                string[] args = request.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
                _starter.Commands.Enqueue((Request.Target, string.Join(" ", args)));
                if (_starter.DiesIn(args))
                {
                    End(137);
                    return Task.CompletedTask;
                }

                if (!_starter.Hangs(args))
                {
                    (int exit, string output, string error) = _starter.Answer(args);
                    _ = Task.Run(() => _output(Mark + JsonSerializer.Serialize(new { id, exit, @out = output, err = error })));
                }

                return Task.CompletedTask;
            }

            public Task StopAsync(TimeSpan grace)
            {
                Stopped = true;
                End(0);
                return Task.CompletedTask;
            }

            internal void End(int exitCode) => _exited.TrySetResult(exitCode);
        }
    }
}
