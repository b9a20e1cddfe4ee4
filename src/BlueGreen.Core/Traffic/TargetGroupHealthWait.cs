namespace BlueGreen.Traffic
{
    /// <summary>
    /// Waits until every target of the idle group is healthy (and there is at least one), reading the load balancer
    /// every <see cref="PollInterval"/>; the seed switched without waiting. Gives up after the timeout with an error
    /// naming the targets that are not healthy, having changed nothing.
    /// </summary>
    public sealed class TargetGroupHealthWait(IOperationReporter reporter)
    {
        private const int ProgressActivity = 3102;

        private readonly IOperationReporter _reporter = reporter;

        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <param name="read">Reads the traffic state (e.g. <see cref="TrafficStateReader.ReadAsync"/>).</param>
        /// <returns>The state in which the idle group is all healthy.</returns>
        public async Task<TrafficState> WaitForIdleAsync(Func<CancellationToken, Task<TrafficState>> read, TimeSpan timeout, CancellationToken cancellationToken)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            try
            {
                while (true)
                {
                    TrafficState state = await read(cancellationToken).ConfigureAwait(false);
                    ProjectTargetGroup idle = state.Idle;
                    if (idle.TargetCount > 0 && idle.HealthyCount == idle.TargetCount)
                    {
                        _reporter.Verbose($"All {idle.TargetCount} target(s) of {idle.Name} are healthy.");
                        return state;
                    }

                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        string targets = idle.TargetCount == 0 ? "none is registered" : string.Join(", ", idle.Targets.Where(t => !t.IsHealthy).Select(t => $"{t.Id} {t.State}{(t.Reason != null ? " (" + t.Reason + ")" : string.Empty)}"));
                        throw new BlueGreenException(
                            "HealthTimeout",
                            FailureCategory.OperationTimeout,
                            $"The targets of {idle.Name} were not all healthy after {timeout.TotalSeconds:0} s: {targets}. Nothing was switched. " +
                            "Look at the new machines (Get-BgMachine -Role Idle; Invoke-BgCompose ... logs), or wait longer with -HealthTimeoutSec / HealthTimeoutSeconds in bluegreen.psd1.",
                            idle);
                    }

                    int percent = timeout.TotalSeconds <= 0 ? 0 : (int)Math.Min(99, 100 * (1 - (left.TotalSeconds / timeout.TotalSeconds)));
                    _reporter.Progress(new ProgressUpdate(ProgressActivity, $"Waiting for {idle.Name} to be healthy",
                        $"{idle.HealthyCount}/{idle.TargetCount} healthy, {left.TotalSeconds:0} s left", percent));
                    await Task.Delay(left < PollInterval ? left : PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _reporter.Complete(ProgressActivity);
            }
        }
    }
}
