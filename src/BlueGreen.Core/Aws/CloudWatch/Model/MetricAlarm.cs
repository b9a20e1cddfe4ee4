namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>A metric alarm and its state (OK, ALARM, INSUFFICIENT_DATA): the members a deployment guard reads (the codec leaves the others out).</summary>
    public sealed class MetricAlarm
    {
        public string? AlarmName { get; set; }

        public string? AlarmArn { get; set; }

        public string? StateValue { get; set; }

        public string? StateReason { get; set; }

        public string? Namespace { get; set; }

        public string? MetricName { get; set; }

        public List<Dimension> Dimensions { get; set; } = new List<Dimension>();

        public string? Statistic { get; set; }

        public int? Period { get; set; }

        public int? EvaluationPeriods { get; set; }

        public double? Threshold { get; set; }

        public string? ComparisonOperator { get; set; }

        public string? TreatMissingData { get; set; }
    }
}
