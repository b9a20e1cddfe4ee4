using System.Globalization;

namespace BlueGreen.Sandbox.Faults
{
    /// <summary>
    /// A fault a test injected: the next <see cref="Remaining"/> calls of an action fail with an error code (and its
    /// HTTP status), or each call of it fails with probability <see cref="Rate"/> until the faults are cleared, and/or
    /// every call of it is delayed by <see cref="Latency"/>.
    /// </summary>
    public sealed class SandboxFault
    {
        internal SandboxFault(int id, string? service, string action, string? errorCode, int httpStatus, string? message, int remaining, double? rate, TimeSpan latency)
        {
            Id = id;
            Service = service;
            Action = action;
            ErrorCode = errorCode;
            HttpStatus = httpStatus;
            Message = message;
            Remaining = remaining;
            Rate = rate;
            Latency = latency;
        }

        public int Id { get; }

        /// <summary>The SigV4 service name it applies to (<c>elasticloadbalancing</c>, <c>ec2</c>, <c>ssm</c>), or null for any.</summary>
        public string? Service { get; }

        /// <summary>The action (SSM: operation) it applies to (<c>ModifyListener</c>, <c>PutParameter</c>), or <c>*</c> for every action.</summary>
        public string Action { get; }

        /// <summary>The error code failed calls answer with (<c>Throttling</c>, <c>InternalFailure</c>), or null for latency only.</summary>
        public string? ErrorCode { get; }

        public int HttpStatus { get; }

        public string? Message { get; }

        /// <summary>How many more calls fail (a count fault); 0 for a rate fault, which lasts until the faults are cleared.</summary>
        public int Remaining { get; internal set; }

        /// <summary>The probability (0-1] that a matching call fails (a rate fault), or null for a count or latency fault.</summary>
        public double? Rate { get; }

        /// <summary>Calls still let through before a count fault starts failing (FailNext's skip).</summary>
        public int Skip { get; internal set; }

        /// <summary>How many calls this fault has failed so far.</summary>
        public int Failed { get; internal set; }

        public TimeSpan Latency { get; }

        /// <summary>E.g. <c>#2 elasticloadbalancing:DescribeTargetGroups Throttling (400) at rate 0.2, 13 failed</c>.</summary>
        public override string ToString()
        {
            string target = (Service == null ? string.Empty : Service + ":") + Action;
            string text = $"#{Id} {target}";
            if (ErrorCode != null)
            {
                string how = Rate is double rate
                    ? "at rate " + rate.ToString("0.###", CultureInfo.InvariantCulture)
                    : (Skip > 0 ? $"after {Skip} more call{(Skip == 1 ? string.Empty : "s")}, " : string.Empty) + $"on the next {Remaining} call{(Remaining == 1 ? string.Empty : "s")}";
                text += $" {ErrorCode} ({HttpStatus}) {how}, {Failed} failed";
            }

            if (Latency > TimeSpan.Zero)
            {
                text += $" +{(long)Latency.TotalMilliseconds} ms";
            }

            return text;
        }

        internal bool AppliesTo(string service, string action) =>
            (Service == null || string.Equals(Service, service, StringComparison.Ordinal))
            && (Action == "*" || string.Equals(Action, action, StringComparison.Ordinal));
    }
}
