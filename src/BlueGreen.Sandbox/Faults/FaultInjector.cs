using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Faults
{
    /// <summary>
    /// Holds the injected faults and decides, per call, the latency to add and whether the call fails (thread-safe:
    /// concurrent calls each use up one failure).
    /// </summary>
    internal sealed class FaultInjector
    {
        private readonly List<SandboxFault> _faults = new List<SandboxFault>();
        private readonly object _gate = new object();
        private int _nextId;

        internal IReadOnlyList<SandboxFault> Faults
        {
            get
            {
                lock (_gate)
                {
                    return _faults.ToList();
                }
            }
        }

        internal SandboxFault AddFailure(string? service, string action, int count, string errorCode, int? httpStatus, string? message)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "A failure must apply to at least one call.");
            }

            if (string.IsNullOrWhiteSpace(errorCode))
            {
                throw new ArgumentException("An error code such as Throttling or InternalFailure is required.", nameof(errorCode));
            }

            int status = httpStatus ?? DefaultStatus(errorCode);
            if (status < 400 || status > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(httpStatus), status, "An error's HTTP status must be 400-599.");
            }

            return Add(service, action, errorCode, status, message ?? DefaultMessage(errorCode), count, TimeSpan.Zero);
        }

        internal SandboxFault AddLatency(string? service, string action, TimeSpan latency)
        {
            if (latency <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(latency), latency, "Latency must be positive.");
            }

            return Add(service, action, null, 0, null, 0, latency);
        }

        internal void Clear()
        {
            lock (_gate)
            {
                _faults.Clear();
            }
        }

        /// <summary>The total latency to add to a call of this action.</summary>
        internal TimeSpan LatencyFor(string service, string action)
        {
            lock (_gate)
            {
                return _faults.Where(f => f.Latency > TimeSpan.Zero && f.AppliesTo(service, action))
                    .Aggregate(TimeSpan.Zero, (sum, f) => sum + f.Latency);
            }
        }

        /// <summary>The error this call fails with, using up one of the fault's failures; null when it does not fail.</summary>
        internal AwsErrorException? TakeFailure(string service, string action)
        {
            lock (_gate)
            {
                SandboxFault? fault = _faults.FirstOrDefault(f => f.ErrorCode != null && f.Remaining > 0 && f.AppliesTo(service, action));
                if (fault == null)
                {
                    return null;
                }

                fault.Remaining--;
                if (fault.Remaining == 0 && fault.Latency == TimeSpan.Zero)
                {
                    _faults.Remove(fault);
                }

                return new AwsErrorException(fault.ErrorCode!, fault.Message ?? fault.ErrorCode!, fault.HttpStatus);
            }
        }

        /// <summary>The HTTP status AWS sends with a code: 503 for EC2's RequestLimitExceeded, 500 for internal errors, else 400.</summary>
        internal static int DefaultStatus(string errorCode) => errorCode switch
        {
            "InternalFailure" or "InternalError" or "InternalServerError" => 500,
            "RequestLimitExceeded" or "ServiceUnavailable" or "Unavailable" => 503,
            _ => 400,
        };

        private static string DefaultMessage(string errorCode) => errorCode switch
        {
            "Throttling" or "ThrottlingException" => "Rate exceeded",
            "RequestLimitExceeded" => "Request limit exceeded.",
            "InternalFailure" or "InternalError" => "An internal error has occurred. Please try your query again at a later time.",
            "ServiceUnavailable" or "Unavailable" => "The service is unavailable. Please try again shortly.",
            _ => $"Injected by the sandbox: {errorCode}",
        };

        private SandboxFault Add(string? service, string action, string? errorCode, int status, string? message, int count, TimeSpan latency)
        {
            if (string.IsNullOrWhiteSpace(action))
            {
                throw new ArgumentException("An action name such as ModifyListener (or * for every action) is required.", nameof(action));
            }

            lock (_gate)
            {
                var fault = new SandboxFault(++_nextId, string.IsNullOrEmpty(service) ? null : service, action, errorCode, status, message, count, latency);
                _faults.Add(fault);
                return fault;
            }
        }
    }
}
