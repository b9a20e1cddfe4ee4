using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// A wait bounded by a timeout and the caller's cancellation. <see cref="Token"/> fires at either;
    /// <see cref="RunAsync{T}"/> turns the timeout into a BlueGreenException (WaitTimedOut, OperationTimeout) and
    /// lets the caller's cancellation through as itself. Polls pause 1 s at first, then half as long again each
    /// time up to <see cref="MaxPollInterval"/>: quick on a fast endpoint, few calls on a slow one.
    /// </summary>
    internal sealed class ReadyDeadline : IDisposable
    {
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;
        private TimeSpan _nextPause;

        internal static readonly TimeSpan FirstPollInterval = TimeSpan.FromSeconds(1);

        internal static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(10);

        internal ReadyDeadline(TimeSpan timeout, CancellationToken caller, TimeSpan? firstPause = null)
        {
            _nextPause = firstPause ?? FirstPollInterval;
            _timeout = timeout;
            _caller = caller;
            _timer = new CancellationTokenSource(timeout);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        }

        internal CancellationToken Token => _linked.Token;

        /// <summary>Waits before the next poll.</summary>
        internal async Task PauseAsync()
        {
            TimeSpan pause = _nextPause;
            _nextPause = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, Math.Max(pause.Ticks, 1) * 3 / 2));
            await Task.Delay(pause, _linked.Token).ConfigureAwait(false);
        }

        /// <summary>
        /// One attempt of a polled command, within the deadline: its result, or null with <c>TimedOut</c> (the message)
        /// when that attempt took longer than its own timeout, which counts as one more failed attempt, not as the end.
        /// </summary>
        internal async Task<(CommandResult? Result, string? TimedOut)> TryRunAsync(ICommandRunner runner, CommandRequest request)
        {
            try
            {
                return (await runner.RunAsync(request, _linked.Token).ConfigureAwait(false), null);
            }
            catch (BlueGreenException timedOut) when (timedOut.Category == FailureCategory.OperationTimeout)
            {
                return (null, timedOut.Message);
            }
        }

        /// <summary>Runs a polling loop; <paramref name="whatDidNotHappen"/> completes "... within &lt;timeout&gt;".</summary>
        internal async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> poll, string whatDidNotHappen, object target)
        {
            try
            {
                return await poll(_linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timer.IsCancellationRequested && !_caller.IsCancellationRequested)
            {
                throw new BlueGreenException("WaitTimedOut", FailureCategory.OperationTimeout,
                    $"{whatDidNotHappen} within {_timeout}. Check it in the AWS console, or allow more time.", target);
            }
        }

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
