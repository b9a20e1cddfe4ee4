using System.ComponentModel;
using System.Text;
using CliWrap;

namespace BlueGreen.Processes
{
    /// <summary>
    /// Runs processes with CliWrap: the arguments go to the process as an array, never through a shell; CliWrap's
    /// own exit-code validation is off and a non-zero exit is mapped to <see cref="CommandFailedException"/> here.
    /// </summary>
    public sealed class CliWrapCommandRunner : ICommandRunner
    {
        /// <summary>A runner whose default deadline is <see cref="CommandRequest.DefaultTimeout"/>.</summary>
        public static readonly CliWrapCommandRunner Instance = new CliWrapCommandRunner(CommandRequest.DefaultTimeout);

        /// <param name="defaultTimeout">The deadline of a request that names none (a project's CommandTimeoutSeconds).</param>
        public CliWrapCommandRunner(TimeSpan defaultTimeout)
        {
            if (defaultTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(defaultTimeout), defaultTimeout, "A command timeout must be positive.");
            }

            DefaultTimeout = defaultTimeout;
        }

        /// <summary>How long a process whose request names no timeout may run.</summary>
        public TimeSpan DefaultTimeout { get; }

        /// <summary>A runner whose default deadline is <paramref name="defaultTimeout"/>, or <see cref="CommandRequest.DefaultTimeout"/> when null.</summary>
        public static CliWrapCommandRunner WithDefaultTimeout(TimeSpan? defaultTimeout) =>
            new CliWrapCommandRunner(defaultTimeout ?? CommandRequest.DefaultTimeout);

        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var standardOutput = new StringBuilder();
            var standardError = new StringBuilder();
            Command command = Cli.Wrap(request.Executable)
                .WithArguments(request.Arguments)
                .WithEnvironmentVariables(request.Environment.ToDictionary(pair => pair.Key, pair => pair.Value))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(standardOutput, Encoding.UTF8))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(standardError, Encoding.UTF8));
            if (request.WorkingDirectory != null)
            {
                command = command.WithWorkingDirectory(request.WorkingDirectory);
            }

            if (request.StandardInput != null)
            {
                command = command.WithStandardInputPipe(PipeSource.FromString(request.StandardInput, Encoding.UTF8));
            }

            // Every process has a deadline. When it passes, CliWrap kills the whole process tree and stops reading
            // its pipes, so even a grandchild that keeps standard output open cannot make this wait for ever.
            TimeSpan allowed = request.Timeout ?? DefaultTimeout;
            using var timeout = new CancellationTokenSource(allowed);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);

            CliWrap.CommandResult finished;
            try
            {
                Task<CliWrap.CommandResult> execution = command.ExecuteAsync(null, null, linked.Token, CancellationToken.None).Task;
                finished = await WithBackstopAsync(execution, linked.Token, KillGrace).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw TimedOut(request, allowed);
            }
            catch (TimeoutException) when (linked.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw TimedOut(request, allowed);
            }
            catch (TimeoutException ex) when (cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException("The command was stopped; " + ex.Message, ex, cancellation);
            }
            catch (Exception ex) when (IsNotStarted(ex))
            {
                throw NotStarted(request, ex);
            }

            var result = new CommandResult(request.DisplayText, finished.ExitCode, SplitLines(standardOutput.ToString()),
                standardError.ToString(), finished.RunTime);
            if (!result.Succeeded && request.ThrowOnNonZeroExit)
            {
                throw new CommandFailedException(result);
            }

            return result;
        }

        /// <summary>How long a process may take to be reported ended after it was killed, before the wait is given up.</summary>
        internal static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Waits for CliWrap's execution, but never longer than <see cref="KillGrace"/> after <paramref name="stop"/>
        /// fires (timeout or Ctrl+C). CliWrap then has killed the process tree; if its task still does not end, the
        /// wait is abandoned with a TimeoutException rather than hang the caller (defence in depth: a lost exit
        /// notification must surface as a timeout, never as a hang).
        /// </summary>
        internal static async Task<T> WithBackstopAsync<T>(Task<T> execution, CancellationToken stop, TimeSpan grace)
        {
            if (execution.IsCompleted)
            {
                return await execution.ConfigureAwait(false);
            }

            var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (stop.Register(() => stopped.TrySetResult(true)))
            {
                if (await Task.WhenAny(execution, stopped.Task).ConfigureAwait(false) == execution)
                {
                    return await execution.ConfigureAwait(false);
                }
            }

            if (await Task.WhenAny(execution, Task.Delay(grace)).ConfigureAwait(false) == execution)
            {
                return await execution.ConfigureAwait(false);
            }

            _ = execution.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed, never rethrown
            throw new TimeoutException("The process was killed but its end was not reported within " + Describe(grace) + ".");
        }

        /// <summary>True when <paramref name="ex"/> says the executable could not be started (not found, not executable).</summary>
        internal static bool IsNotStarted(Exception ex) => ex is Win32Exception || ex.InnerException is Win32Exception;

        /// <summary>ExecutableNotFound: <paramref name="request"/>'s executable could not be started.</summary>
        internal static BlueGreenException NotStarted(CommandRequest request, Exception ex) =>
            new BlueGreenException("ExecutableNotFound", FailureCategory.NotInstalled,
                $"Cannot start '{request.Executable}': {ex.Message}. Install it or pass its full path.", request.Executable, ex);

        private static BlueGreenException TimedOut(CommandRequest request, TimeSpan allowed)
        {
            string where = request.Target == null ? string.Empty : " on " + request.Target;
            return new BlueGreenException("CommandTimedOut", FailureCategory.OperationTimeout,
                $"'{request.DisplayText}'{where} did not finish within the {Describe(allowed)} it was allowed, and was stopped (with every process it started). Check that {(request.Target ?? "the command")} is reachable and not waiting for input, or allow more time with -CommandTimeoutSec or CommandTimeoutSeconds in bluegreen.psd1.",
                request.DisplayText);
        }

        /// <summary>"90 s", "15 min", "1 h 30 min": a timeout as people say it.</summary>
        internal static string Describe(TimeSpan span)
        {
            if (span < TimeSpan.FromMinutes(2))
            {
                return span.TotalSeconds >= 1 ? $"{Math.Round(span.TotalSeconds, 1)} s" : $"{Math.Round(span.TotalMilliseconds)} ms";
            }

            if (span < TimeSpan.FromHours(2))
            {
                return span.Seconds == 0 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s";
            }

            return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        }

        internal static IReadOnlyList<string> SplitLines(string text)
        {
            if (text.Length == 0)
            {
                return Array.Empty<string>();
            }

            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            return lines[lines.Length - 1].Length == 0 ? lines.Take(lines.Length - 1).ToArray() : lines;
        }
    }
}
