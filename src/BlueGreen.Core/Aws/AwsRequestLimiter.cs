using BlueGreen.Configuration;

namespace BlueGreen.Aws
{
    /// <summary>
    /// Bounds how many AWS calls are in flight at once. One limiter is shared by the clients of one
    /// <see cref="AwsClientFactory"/>: engine code sends whatever does not depend on each other at once, and the calls
    /// past the bound wait for a slot (in the order they came). A slot is held for the whole call, the SDK's retries of
    /// a throttled call and their backoff included, so a throttled burst does not grow.
    /// </summary>
    public sealed class AwsRequestLimiter
    {
        private readonly SemaphoreSlim _slots;

        /// <param name="maxConcurrentRequests">1 to <see cref="AwsSettings.MaxMaxConcurrentRequests"/>.</param>
        public AwsRequestLimiter(int maxConcurrentRequests)
        {
            if (maxConcurrentRequests < 1 || maxConcurrentRequests > AwsSettings.MaxMaxConcurrentRequests)
            {
                throw new BlueGreenException(
                    "AwsMaxConcurrentRequestsInvalid",
                    FailureCategory.InvalidArgument,
                    $"MaxConcurrentRequests is {maxConcurrentRequests}; it bounds how many AWS calls are in flight at once and must be from 1 to {AwsSettings.MaxMaxConcurrentRequests}. " +
                    $"Set Aws = @{{ MaxConcurrentRequests = {AwsSettings.DefaultMaxConcurrentRequests} }} in bluegreen.psd1, or remove it for the default ({AwsSettings.DefaultMaxConcurrentRequests}).",
                    maxConcurrentRequests);
            }

            MaxConcurrentRequests = maxConcurrentRequests;
            _slots = new SemaphoreSlim(maxConcurrentRequests, maxConcurrentRequests);
        }

        public int MaxConcurrentRequests { get; }

        /// <summary>Calls in flight now.</summary>
        public int InFlight => MaxConcurrentRequests - _slots.CurrentCount;

        /// <summary>Runs <paramref name="call"/> once a slot is free (waiting for it honours the cancellation).</summary>
        public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }

        /// <summary>Runs <paramref name="call"/> once a slot is free.</summary>
        public async Task RunAsync(Func<Task> call, CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await call().ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
    }
}
