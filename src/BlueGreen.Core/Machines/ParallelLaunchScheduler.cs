namespace BlueGreen.Machines
{
    /// <summary>
    /// Runs N launches with at most a given number at once. Each launch's failure is caught and kept with its
    /// index, so one failed launch never stops the others; launches not yet started when the caller cancels are
    /// reported as cancelled without being started.
    /// </summary>
    public static class ParallelLaunchScheduler
    {
        public static async Task<IReadOnlyList<LaunchOutcome<T>>> RunAsync<T>(int count, int maxParallel,
            Func<int, CancellationToken, Task<T>> launch, CancellationToken cancellationToken)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "The number of launches cannot be negative.");
            }

            if (maxParallel < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxParallel), maxParallel, "At least one launch must be allowed at a time.");
            }

            using var slots = new SemaphoreSlim(maxParallel, maxParallel);
            IEnumerable<Task<LaunchOutcome<T>>> launches = Enumerable.Range(0, count).Select(async index =>
            {
                try
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex)
                {
                    return LaunchOutcome<T>.Failed(index, ex);
                }

                try
                {
                    // Yield first so the launch body never runs on the caller's thread and all slots start together.
                    await Task.Yield();
                    return LaunchOutcome<T>.Succeeded(index, await launch(index, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    return LaunchOutcome<T>.Failed(index, ex);
                }
                finally
                {
                    slots.Release();
                }
            });
            return await Task.WhenAll(launches.ToList()).ConfigureAwait(false);
        }
    }
}
