using System.Text.Json.Nodes;
using Amazon.Runtime;
using BlueGreen.Aws.CloudWatch.Model;
using BlueGreen.Aws.Protocol;
using BlueGreen.Aws.Query;

namespace BlueGreen.Aws.CloudWatch
{
    /// <summary>CloudWatch over <see cref="QueryServiceClient"/>: the SDK's credentials, SigV4, retries and endpoints; the wire from the model.</summary>
    public sealed class CloudWatchClient : QueryServiceClient, ICloudWatch
    {
        public CloudWatchClient(AWSCredentials credentials, CloudWatchConfig config)
            : base(credentials, config)
        {
        }

        protected override ServiceModel Model => CloudWatchConfig.ServiceModel;

        public async Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(
            IEnumerable<MetricDataQuery> queries, DateTime startTime, DateTime endTime, CancellationToken cancellationToken = default)
        {
            var input = new JsonObject
            {
                ["MetricDataQueries"] = ShapeBinding.ToNode((queries ?? throw new ArgumentNullException(nameof(queries))).ToList()),
                ["StartTime"] = startTime.ToUniversalTime(),
                ["EndTime"] = endTime.ToUniversalTime(),
            };
            var results = new List<MetricDataResult>();
            foreach (JsonObject page in await PagesAsync("GetMetricData", input, "NextToken", "NextToken", cancellationToken).ConfigureAwait(false))
            {
                foreach (MetricDataResult result in ShapeBinding.FromNode<List<MetricDataResult>>(page["MetricDataResults"]))
                {
                    // Later pages carry more datapoints of the same queries.
                    MetricDataResult? known = results.FirstOrDefault(r => r.Id == result.Id);
                    if (known == null)
                    {
                        results.Add(result);
                    }
                    else
                    {
                        known.Timestamps.AddRange(result.Timestamps);
                        known.Values.AddRange(result.Values);
                        known.StatusCode = result.StatusCode;
                    }
                }
            }

            return results;
        }

        public async Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(
            IEnumerable<string>? alarmNames = null, string? alarmNamePrefix = null, CancellationToken cancellationToken = default)
        {
            var input = new JsonObject
            {
                ["AlarmNames"] = alarmNames == null ? null : ShapeValues.Array(alarmNames),
                ["AlarmNamePrefix"] = alarmNamePrefix,
            };
            return (await PagesAsync("DescribeAlarms", input, "NextToken", "NextToken", cancellationToken).ConfigureAwait(false))
                .SelectMany(page => ShapeBinding.FromNode<List<MetricAlarm>>(page["MetricAlarms"]))
                .ToList();
        }
    }
}
