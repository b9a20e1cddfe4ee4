using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BlueGreen.Aws
{
    /// <summary>
    /// The AWS SDK pipeline handler that makes every call of a client take a slot of an <see cref="AwsRequestLimiter"/>
    /// before it goes further, and give it back when the call is over. It stands directly outside the SDK's
    /// <see cref="RetryHandler"/> (after the marshaller, which needs no slot): the slot is taken once per call and held
    /// through the call's retries and their backoff, so a retried call neither waits in line again between attempts
    /// nor lets a throttled burst grow past the bound while it backs off.
    /// </summary>
    public sealed class AwsRequestSlotHandler(AwsRequestLimiter limiter) : PipelineHandler
    {
        private readonly AwsRequestLimiter _limiter = limiter ?? throw new System.ArgumentNullException(nameof(limiter));

        /// <summary>
        /// Puts a handler of <paramref name="limiter"/> outside <paramref name="pipeline"/>'s retry handler (none without a
        /// limiter), after <paramref name="customizeFirst"/> (a client's own customization) has run.
        /// </summary>
        public static void AddTo(RuntimePipeline pipeline, AwsRequestLimiter? limiter, Action<RuntimePipeline>? customizeFirst = null)
        {
            customizeFirst?.Invoke(pipeline);
            if (limiter != null)
            {
                pipeline.AddHandlerBefore<RetryHandler>(new AwsRequestSlotHandler(limiter));
            }
        }

        public override void InvokeSync(IExecutionContext executionContext) =>
            _limiter.RunAsync(
                () =>
                {
                    base.InvokeSync(executionContext);
                    return Task.CompletedTask;
                },
                executionContext.RequestContext.CancellationToken).GetAwaiter().GetResult();

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext) =>
            _limiter.RunAsync(() => base.InvokeAsync<T>(executionContext), executionContext.RequestContext.CancellationToken);
    }
}
