namespace BlueGreen.Configuration
{
    /// <summary>How BlueGreen calls AWS (the <c>Aws</c> section of bluegreen.psd1).</summary>
    public sealed class AwsSettings
    {
        /// <summary>
        /// The default bound on AWS calls in flight at once: a switch of up to ten routes moves in one round trip, and
        /// a burst stays well inside ELBv2's per-account request rates (throttled calls are retried with the SDK's backoff).
        /// </summary>
        public const int DefaultMaxConcurrentRequests = 10;

        /// <summary>The largest bound the setting accepts.</summary>
        public const int MaxMaxConcurrentRequests = 100;

        /// <summary>At most this many AWS calls of one cmdlet are in flight at once (1: every call waits for the one before).</summary>
        public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;
    }
}
