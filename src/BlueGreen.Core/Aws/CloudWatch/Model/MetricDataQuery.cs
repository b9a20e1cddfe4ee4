namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>One query of GetMetricData: a metric statistic or a metric math expression, named by <see cref="Id"/>.</summary>
    public sealed class MetricDataQuery
    {
        public string? Id { get; set; }

        public MetricStat? MetricStat { get; set; }

        public string? Expression { get; set; }

        public string? Label { get; set; }

        /// <summary>False for a query that only feeds an expression; its values are not returned.</summary>
        public bool? ReturnData { get; set; }

        public int? Period { get; set; }
    }
}
