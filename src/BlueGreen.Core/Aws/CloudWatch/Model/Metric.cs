namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>A metric: namespace (AWS/ApplicationELB), name (HTTPCode_Target_5XX_Count) and dimensions.</summary>
    public sealed class Metric
    {
        public string? Namespace { get; set; }

        public string? MetricName { get; set; }

        public List<Dimension> Dimensions { get; set; } = new List<Dimension>();
    }
}
