namespace BlueGreen.Sandbox.Diagnostics
{
    /// <summary>One AWS request the sandbox answered: what was asked, by whom, and the outcome.</summary>
    public sealed class SandboxRequest
    {
        internal SandboxRequest(long sequence, DateTimeOffset time, string? service, string? action, IReadOnlyDictionary<string, string> parameters,
            string? accessKeyId, string? signingRegion, int httpStatus, string? errorCode, bool faultInjected, string requestId, DateTimeOffset? received = null)
        {
            Received = received ?? time;
            Sequence = sequence;
            Time = time;
            Service = service;
            Action = action;
            Parameters = parameters;
            AccessKeyId = accessKeyId;
            SigningRegion = signingRegion;
            HttpStatus = httpStatus;
            ErrorCode = errorCode;
            FaultInjected = faultInjected;
            RequestId = requestId;
        }

        /// <summary>1 for the first request since the sandbox started or the log was cleared.</summary>
        public long Sequence { get; }

        /// <summary>When the answer was ready (after any injected latency; a change is made just before).</summary>
        public DateTimeOffset Time { get; }

        /// <summary>
        /// When the request was received (before any injected latency). Calls whose Received-to-Time spans overlap were
        /// in flight at the same time.
        /// </summary>
        public DateTimeOffset Received { get; }

        /// <summary><c>elasticloadbalancing</c>, <c>ec2</c> or <c>ssm</c>; null when the request named no known service.</summary>
        public string? Service { get; }

        public string? Action { get; }

        /// <summary>
        /// Every Query parameter sent (e.g. <c>Marker</c>, <c>NextToken</c>, <c>ClientToken</c>); for a JSON request (SSM)
        /// every top-level body member, non-strings as JSON text, a SecureString's <c>Value</c> as <c>***</c>.
        /// </summary>
        public IReadOnlyDictionary<string, string> Parameters { get; }

        /// <summary>The access key id of the SigV4 credential scope, if the request was signed.</summary>
        public string? AccessKeyId { get; }

        public string? SigningRegion { get; }

        public int HttpStatus { get; }

        public string? ErrorCode { get; }

        /// <summary>True when the error came from an injected fault.</summary>
        public bool FaultInjected { get; }

        public string RequestId { get; }
    }
}
