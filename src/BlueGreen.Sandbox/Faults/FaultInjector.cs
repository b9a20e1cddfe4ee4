using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Faults
{
    /// <summary>
    /// Holds the injected faults and decides, per call, the latency to add and whether the call fails (thread-safe:
    /// concurrent calls each use up one failure). Rate faults draw from their own random sequence, seeded like the
    /// sandbox's ids, so the same seed and the same calls give the same failures.
    /// </summary>
    internal sealed class FaultInjector
    {
        private readonly List<SandboxFault> _faults = new List<SandboxFault>();
        private readonly object _gate = new object();
        private readonly Random _random;
        private int _nextId;

        internal FaultInjector(int? seed = null)
        {
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

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

        internal SandboxFault AddFailure(string? service, string action, int count, string errorCode, int? httpStatus, string? message, int skip = 0)
        {
            if (skip < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(skip), skip, "Skip 0 or more calls.");
            }

            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "A failure must apply to at least one call.");
            }

            int status = ErrorStatus(errorCode, httpStatus);
            SandboxFault fault = Add(service, action, errorCode, status, message ?? DefaultMessage(errorCode), count, null, TimeSpan.Zero);
            lock (_gate)
            {
                fault.Skip = skip;
            }

            return fault;
        }

        /// <summary>Makes each matching call fail with probability <paramref name="rate"/> until the faults are cleared.</summary>
        internal SandboxFault AddRandomFailure(string? service, string action, double rate, string errorCode, int? httpStatus, string? message)
        {
            if (!(rate > 0 && rate <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(rate), rate, "A failure rate must be more than 0 and at most 1 (1: every call fails).");
            }

            int status = ErrorStatus(errorCode, httpStatus);
            return Add(service, action, errorCode, status, message ?? DefaultMessage(errorCode), 0, rate, TimeSpan.Zero);
        }

        internal SandboxFault AddLatency(string? service, string action, TimeSpan latency)
        {
            if (latency <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(latency), latency, "Latency must be positive.");
            }

            return Add(service, action, null, 0, null, 0, null, latency);
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

        /// <summary>
        /// The error this call fails with, or null when it does not fail. The matching failures are tried in the order
        /// they were added and the first that fires wins: a count fault always fires (using up one of its failures), a
        /// rate fault fires with its probability (one draw each time it is tried).
        /// </summary>
        internal AwsErrorException? TakeFailure(string service, string action)
        {
            lock (_gate)
            {
                foreach (SandboxFault fault in _faults)
                {
                    if (fault.ErrorCode == null || !fault.AppliesTo(service, action))
                    {
                        continue;
                    }

                    if (fault.Rate is double rate)
                    {
                        if (_random.NextDouble() >= rate)
                        {
                            continue;
                        }
                    }
                    else if (fault.Skip > 0)
                    {
                        // This call passes; the fault fires on a later one.
                        fault.Skip--;
                        continue;
                    }
                    else if (fault.Remaining > 0)
                    {
                        fault.Remaining--;
                    }
                    else
                    {
                        continue;
                    }

                    fault.Failed++;
                    if (fault.Rate == null && fault.Remaining == 0 && fault.Latency == TimeSpan.Zero)
                    {
                        _faults.Remove(fault);
                    }

                    return new AwsErrorException(fault.ErrorCode, fault.Message ?? fault.ErrorCode, fault.HttpStatus);
                }

                return null;
            }
        }

        /// <summary>The HTTP status AWS sends with a code: 503 for EC2's RequestLimitExceeded, 500 for internal errors, else 400.</summary>
        internal static int DefaultStatus(string errorCode) => errorCode switch
        {
            "InternalFailure" or "InternalError" or "InternalServerError" => 500,
            "RequestLimitExceeded" or "ServiceUnavailable" or "Unavailable" => 503,
            _ => 400,
        };

        private static int ErrorStatus(string errorCode, int? httpStatus)
        {
            if (string.IsNullOrWhiteSpace(errorCode))
            {
                throw new ArgumentException("An error code such as Throttling or InternalFailure is required.", nameof(errorCode));
            }

            int status = httpStatus ?? DefaultStatus(errorCode);
            if (status < 400 || status > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(httpStatus), status, "An error's HTTP status must be 400-599.");
            }

            return status;
        }

        private static string DefaultMessage(string errorCode) => errorCode switch
        {
            "Throttling" or "ThrottlingException" => "Rate exceeded",
            "RequestLimitExceeded" => "Request limit exceeded.",
            "InternalFailure" or "InternalError" => "An internal error has occurred. Please try your query again at a later time.",
            "ServiceUnavailable" or "Unavailable" => "The service is unavailable. Please try again shortly.",
            _ => $"Injected by the sandbox: {errorCode}",
        };

        private SandboxFault Add(string? service, string action, string? errorCode, int status, string? message, int count, double? rate, TimeSpan latency)
        {
            if (string.IsNullOrWhiteSpace(action))
            {
                throw new ArgumentException("An action name such as ModifyListener (or * for every action) is required.", nameof(action));
            }

            lock (_gate)
            {
                var fault = new SandboxFault(++_nextId, string.IsNullOrEmpty(service) ? null : service, action, errorCode, status, message, count, rate, latency);
                _faults.Add(fault);
                return fault;
            }
        }
    }
}
