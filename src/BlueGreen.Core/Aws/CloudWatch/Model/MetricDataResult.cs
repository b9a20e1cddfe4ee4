namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>The datapoints of one query: timestamps and values in step, newest first unless asked otherwise.</summary>
    public sealed class MetricDataResult
    {
        public string? Id { get; set; }

        public string? Label { get; set; }

        public List<DateTime> Timestamps { get; set; } = new List<DateTime>();

        public List<double> Values { get; set; } = new List<double>();

        /// <summary>Complete, InternalError, PartialData or Forbidden.</summary>
        public string? StatusCode { get; set; }
    }
}
