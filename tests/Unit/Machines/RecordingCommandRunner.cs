using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Processes;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// An <see cref="ICommandRunner"/> that records every request and answers from rules: the first rule whose
    /// predicate matches the argument array gives exit code, output lines and standard error (or a delay).
    /// Unmatched requests succeed with no output. Non-zero exits throw as the real runner does.
    /// </summary>
    internal sealed class RecordingCommandRunner : ICommandRunner
    {
        private readonly List<(Func<IReadOnlyList<string>, bool> Matches, Func<CommandRequest, Reply> Reply)> _rules =
            new List<(Func<IReadOnlyList<string>, bool>, Func<CommandRequest, Reply>)>();

        internal ConcurrentQueue<CommandRequest> Requests { get; } = new ConcurrentQueue<CommandRequest>();

        internal IReadOnlyList<IReadOnlyList<string>> ArgumentArrays => Requests.Select(r => r.Arguments).ToList();

        internal RecordingCommandRunner When(Func<IReadOnlyList<string>, bool> matches, int exitCode = 0, IEnumerable<string>? output = null, string error = "", TimeSpan? delay = null)
        {
            var reply = new Reply(exitCode, output?.ToArray() ?? Array.Empty<string>(), error, delay ?? TimeSpan.Zero);
            _rules.Add((matches, _ => reply));
            return this;
        }

        internal RecordingCommandRunner When(Func<IReadOnlyList<string>, bool> matches, Func<CommandRequest, Reply> reply)
        {
            _rules.Add((matches, reply));
            return this;
        }

        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            Requests.Enqueue(request);
            Reply reply = _rules.Where(r => r.Matches(request.Arguments)).Select(r => r.Reply(request)).FirstOrDefault()
                ?? new Reply(0, Array.Empty<string>(), string.Empty, TimeSpan.Zero);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, cancellation).ConfigureAwait(false);
            }

            cancellation.ThrowIfCancellationRequested();
            var result = new CommandResult(request.DisplayText, reply.ExitCode, reply.Output, reply.Error, reply.Delay);
            if (!result.Succeeded && request.ThrowOnNonZeroExit)
            {
                throw new CommandFailedException(result);
            }

            return result;
        }

        internal sealed class Reply
        {
            internal Reply(int exitCode, IReadOnlyList<string> output, string error, TimeSpan delay)
            {
                ExitCode = exitCode;
                Output = output;
                Error = error;
                Delay = delay;
            }

            internal int ExitCode { get; }

            internal IReadOnlyList<string> Output { get; }

            internal string Error { get; }

            internal TimeSpan Delay { get; }
        }
    }
}
