namespace BlueGreen.Deployment
{
    /// <summary>
    /// What one check read of the new target group over its window: requests, target 5xx (missing datapoints count 0),
    /// the response time statistic and the fewest unhealthy targets (null: no datapoint), and the alarms' states.
    /// </summary>
    public sealed class MetricFigures(DateTime from, DateTime to, double requests, double errors, double? responseTime, double? unhealthyHosts, IReadOnlyList<AlarmReading> alarms)
    {
        public DateTime From { get; } = from;

        public DateTime To { get; } = to;

        /// <summary>RequestCount (Sum).</summary>
        public double Requests { get; } = requests;

        /// <summary>HTTPCode_Target_5XX_Count (Sum).</summary>
        public double Errors { get; } = errors;

        /// <summary>TargetResponseTime in seconds, by the configured statistic.</summary>
        public double? ResponseTime { get; } = responseTime;

        /// <summary>UnHealthyHostCount (Minimum): more than 0 means a target stayed unhealthy the whole window.</summary>
        public double? UnhealthyHosts { get; } = unhealthyHosts;

        public IReadOnlyList<AlarmReading> Alarms { get; } = alarms;

        /// <summary>5xx per request in percent; null without requests.</summary>
        public double? ErrorRatePercent => Requests > 0 ? 100 * Errors / Requests : null;
    }
}
