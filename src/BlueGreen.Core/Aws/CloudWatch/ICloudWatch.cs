using BlueGreen.Aws.CloudWatch.Model;

namespace BlueGreen.Aws.CloudWatch
{
    /// <summary>
    /// The CloudWatch operations BlueGreen's metric-guarded canaries and bakes read (MetricAnalysis; the IAM policy's
    /// BlueGreenMetricChecks statement grants them). Names are those of the official AWS SDK (AWSSDK.CloudWatch); as for ELBv2,
    /// this interface is the seam where an adapter over that package could replace <see cref="CloudWatchClient"/>.
    /// Calls follow NextToken themselves. Failures are AWS SDK exceptions carrying the AWS error code.
    /// </summary>
    public interface ICloudWatch : IDisposable
    {
        /// <summary>The datapoints of each query between the two times (UTC), every page merged per query Id.</summary>
        Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(
            IEnumerable<MetricDataQuery> queries, DateTime startTime, DateTime endTime, CancellationToken cancellationToken = default);

        /// <summary>Metric alarms by name, or by name prefix; neither lists every metric alarm.</summary>
        Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(
            IEnumerable<string>? alarmNames = null, string? alarmNamePrefix = null, CancellationToken cancellationToken = default);
    }
}
