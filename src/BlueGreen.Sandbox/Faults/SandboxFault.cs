using System;

namespace BlueGreen.Sandbox.Faults
{
    /// <summary>
    /// A fault a test injected: the next <see cref="Remaining"/> calls of an action fail with an error code (and its
    /// HTTP status), and/or every call of it is delayed by <see cref="Latency"/>.
    /// </summary>
    public sealed class SandboxFault
    {
        internal SandboxFault(int id, string? service, string action, string? errorCode, int httpStatus, string? message, int remaining, TimeSpan latency)
        {
            Id = id;
            Service = service;
            Action = action;
            ErrorCode = errorCode;
            HttpStatus = httpStatus;
            Message = message;
            Remaining = remaining;
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

        /// <summary>How many more calls fail.</summary>
        public int Remaining { get; internal set; }

        public TimeSpan Latency { get; }

        internal bool AppliesTo(string service, string action) =>
            (Service == null || string.Equals(Service, service, StringComparison.Ordinal))
            && (Action == "*" || string.Equals(Action, action, StringComparison.Ordinal));
    }
}
