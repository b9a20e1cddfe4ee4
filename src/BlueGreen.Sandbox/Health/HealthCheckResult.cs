namespace BlueGreen.Sandbox.Health
{
    /// <summary>What one health check found: passed, or failed with ELBv2's reason code and description.</summary>
    internal sealed class HealthCheckResult
    {
        private HealthCheckResult(bool passed, string? reason, string? description)
        {
            Passed = passed;
            Reason = reason;
            Description = description;
        }

        internal static HealthCheckResult Pass { get; } = new HealthCheckResult(true, null, null);

        internal bool Passed { get; }

        internal string? Reason { get; }

        internal string? Description { get; }

        internal static HealthCheckResult CodeMismatch(int statusCode) =>
            new HealthCheckResult(false, "Target.ResponseCodeMismatch", $"Health checks failed with these codes: [{statusCode}]");

        internal static HealthCheckResult TimedOut() => new HealthCheckResult(false, "Target.Timeout", "Request timed out");

        internal static HealthCheckResult Failed(string why) => new HealthCheckResult(false, "Target.FailedHealthChecks", $"Health checks failed ({why})");
    }
}
