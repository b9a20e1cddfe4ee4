namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>The health check settings of a target group.</summary>
    internal sealed class TargetGroupHealthCheck
    {
        internal bool Enabled { get; set; } = true;

        internal string? Protocol { get; set; }

        /// <summary>A port number or <c>traffic-port</c> (the port each target receives traffic on).</summary>
        internal string Port { get; set; } = "traffic-port";

        internal string? Path { get; set; }

        internal int IntervalSeconds { get; set; } = 30;

        internal int TimeoutSeconds { get; set; } = 5;

        internal int HealthyThresholdCount { get; set; } = 5;

        internal int UnhealthyThresholdCount { get; set; } = 2;

        /// <summary>The HTTP codes a healthy target answers with, e.g. <c>200</c> or <c>200-299</c>.</summary>
        internal string? MatcherHttpCode { get; set; }
    }
}
