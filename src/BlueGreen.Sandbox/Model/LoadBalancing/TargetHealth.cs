using BlueGreen.Sandbox.Services.ElasticLoadBalancing;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// The health of one target as DescribeTargetHealth reports it: a state of TargetHealthStateEnum and, unless
    /// healthy, a reason code of TargetHealthReasonEnum with its description.
    /// </summary>
    public sealed class TargetHealth
    {
        /// <summary>Every value of TargetHealthStateEnum, from the service model.</summary>
        public static readonly IReadOnlyList<string> States = ElbV2ServiceHandler.Model.GetShape("TargetHealthStateEnum").Limits.Enum!;

        /// <summary>Every value of TargetHealthReasonEnum, from the service model.</summary>
        public static readonly IReadOnlyList<string> Reasons = ElbV2ServiceHandler.Model.GetShape("TargetHealthReasonEnum").Limits.Enum!;

        public TargetHealth(string state, string? reason = null, string? description = null)
        {
            if (!States.Contains(state, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{state}' is not a target health state. Use one of: {string.Join(", ", States)}.", nameof(state));
            }

            if (reason != null && !Reasons.Contains(reason, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{reason}' is not a target health reason. Use one of: {string.Join(", ", Reasons)}.", nameof(reason));
            }

            State = state;
            Reason = reason ?? DefaultReason(state);
            Description = description ?? (Reason == null ? null : DescriptionOf(Reason));
        }

        public string State { get; }

        public string? Reason { get; }

        public string? Description { get; }

        internal static string? DefaultReason(string state) => state switch
        {
            "initial" => "Elb.RegistrationInProgress",
            "unhealthy" => "Target.FailedHealthChecks",
            "unused" => "Target.NotInUse",
            "draining" => "Target.DeregistrationInProgress",
            "unavailable" => "Target.HealthCheckDisabled",
            _ => null,
        };

        /// <summary>The descriptions ELBv2 gives with each reason code.</summary>
        internal static string DescriptionOf(string reason) => reason switch
        {
            "Elb.RegistrationInProgress" => "Target registration is in progress",
            "Elb.InitialHealthChecking" => "Initial health checks in progress",
            "Target.ResponseCodeMismatch" => "Health checks failed with these codes: [502]",
            "Target.Timeout" => "Request timed out",
            "Target.FailedHealthChecks" => "Health checks failed",
            "Target.NotRegistered" => "Target is not registered to the target group",
            "Target.NotInUse" => "Target group is not configured to receive traffic from the load balancer",
            "Target.DeregistrationInProgress" => "Target deregistration is in progress",
            "Target.InvalidState" => "Target is in the stopped or terminated state",
            "Target.IpUnusable" => "The IP address is in use or is not usable as a target",
            "Target.HealthCheckDisabled" => "Health checks are disabled for the target group",
            _ => "Internal error",
        };
    }
}
