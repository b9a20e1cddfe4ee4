namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>A statistic (Sum, Average, p99, ...) of a metric over periods of <see cref="Period"/> seconds.</summary>
    public sealed class MetricStat
    {
        public Metric? Metric { get; set; }

        public int? Period { get; set; }

        public string? Stat { get; set; }

        public string? Unit { get; set; }
    }
}
