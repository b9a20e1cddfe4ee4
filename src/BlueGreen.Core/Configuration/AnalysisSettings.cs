namespace BlueGreen.Configuration
{
    /// <summary>
    /// How the canary's watch and the bake judge the new release by its load balancer metrics (the Analysis section
    /// of bluegreen.psd1): every check interval, the new target group's RequestCount, HTTPCode_Target_5XX_Count,
    /// TargetResponseTime and UnHealthyHostCount (CloudWatch, namespace AWS/ApplicationELB), and optionally named
    /// CloudWatch alarms. A failed check rolls the release back, as a target going unhealthy does.
    /// </summary>
    public sealed class AnalysisSettings
    {
        /// <summary>The statistics TargetResponseTime may be judged by: Average, or a percentile p50-p99.9.</summary>
        public static readonly string DefaultResponseTimeStatistic = "p90";

        /// <summary>False: only target health and the -AfterSwitch checks judge the release (no CloudWatch call).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The highest share of the new group's requests that may answer 5xx (target errors), in percent (0-100).</summary>
        public double MaxErrorRatePercent { get; set; } = 5;

        /// <summary>The slowest the new group's TargetResponseTime statistic may be; null: not judged.</summary>
        public TimeSpan? MaxResponseTime { get; set; }

        /// <summary>How TargetResponseTime is summed up: Average or a percentile such as p90 (the highest period's value counts).</summary>
        public string ResponseTimeStatistic { get; set; } = DefaultResponseTimeStatistic;

        /// <summary>Below this many requests in a check, the rate and the time say too little: the verdict is Inconclusive.</summary>
        public int MinRequestCount { get; set; } = 20;

        /// <summary>An Inconclusive verdict fails the check (true) or is only reported (false, the default).</summary>
        public bool FailWhenInconclusive { get; set; }

        /// <summary>CloudWatch alarms (by name) that fail the check while one of them is in ALARM.</summary>
        public IReadOnlyList<string> Alarms { get; set; } = Array.Empty<string>();

        /// <summary>The metrics' period in seconds: 60 for ALB metrics in AWS; 1 in the sandbox, which keeps 1-second periods.</summary>
        public int PeriodSeconds { get; set; } = 60;
    }
}
