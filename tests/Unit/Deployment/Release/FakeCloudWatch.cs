using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.CloudWatch.Model;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// CloudWatch for the release tests: each target group (by its TargetGroup dimension) serves
    /// <see cref="Traffic.RequestsPerSecond"/> requests a second, <see cref="Traffic.ErrorPercent"/> of them 5xx, at
    /// <see cref="Traffic.ResponseTime"/> seconds; GetMetricData answers one datapoint per query for the window asked
    /// (nothing for a group without traffic, as CloudWatch leaves out empty periods). Alarms are given states by
    /// name. Every call goes through <see cref="ReleaseWorld.Enter"/>; <see cref="OnRead"/> runs at each GetMetricData.
    /// </summary>
    internal sealed class FakeCloudWatch : ICloudWatch
    {
        private readonly ReleaseWorld _world;

        internal FakeCloudWatch(ReleaseWorld world)
        {
            _world = world;
        }

        internal Dictionary<string, Traffic> Groups { get; } = new Dictionary<string, Traffic>(StringComparer.Ordinal);

        internal Dictionary<string, string> Alarms { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Each GetMetricData's queries, in order.</summary>
        internal List<IReadOnlyList<MetricDataQuery>> Reads { get; } = new List<IReadOnlyList<MetricDataQuery>>();

        internal Action? OnRead { get; set; }

        /// <summary>What <paramref name="targetGroupArn"/> serves from now on.</summary>
        internal void Serve(string targetGroupArn, double requestsPerSecond, double errorPercent = 0, double responseTime = 0.05) =>
            Groups[BlueGreen.Deployment.MetricAnalysis.TargetGroupDimension(targetGroupArn)] = new Traffic(requestsPerSecond, errorPercent, responseTime);

        public Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(IEnumerable<MetricDataQuery> queries, DateTime startTime, DateTime endTime, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<MetricDataResult>>("GetMetricData", cancellationToken, () =>
            {
                List<MetricDataQuery> list = queries.ToList();
                Reads.Add(list);
                OnRead?.Invoke();
                double seconds = (endTime - startTime).TotalSeconds;
                var results = new List<MetricDataResult>();
                foreach (MetricDataQuery query in list)
                {
                    string group = query.MetricStat!.Metric!.Dimensions.Single(d => d.Name == "TargetGroup").Value!;
                    var result = new MetricDataResult { Id = query.Id, StatusCode = "Complete" };
                    if (Groups.TryGetValue(group, out Traffic? traffic) && traffic.RequestsPerSecond > 0)
                    {
                        double requests = traffic.RequestsPerSecond * seconds;
                        double? value = (query.MetricStat.Metric.MetricName, query.MetricStat.Stat) switch
                        {
                            ("RequestCount", "Sum") => requests,
                            ("HTTPCode_Target_5XX_Count", "Sum") => traffic.ErrorPercent > 0 ? requests * traffic.ErrorPercent / 100 : null,
                            ("TargetResponseTime", "Sum") => traffic.ResponseTime * requests,
                            ("TargetResponseTime", "SampleCount") => requests,
                            ("TargetResponseTime", _) => traffic.ResponseTime,
                            ("UnHealthyHostCount", "Minimum") => traffic.Unhealthy,
                            _ => null,
                        };
                        if (value is double v)
                        {
                            result.Timestamps.Add(startTime);
                            result.Values.Add(v);
                        }
                    }

                    results.Add(result);
                }

                return results;
            });
        }

        public Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(IEnumerable<string>? alarmNames = null, string? alarmNamePrefix = null, CancellationToken cancellationToken = default)
        {
            return _world.Answer<IReadOnlyList<MetricAlarm>>("DescribeAlarms", cancellationToken, () =>
            {
                var names = new HashSet<string>(alarmNames ?? Alarms.Keys, StringComparer.Ordinal);
                return Alarms.Where(a => names.Contains(a.Key)).Select(a => new MetricAlarm { AlarmName = a.Key, StateValue = a.Value }).ToList();
            });
        }

        public void Dispose()
        {
        }

        /// <summary>What one target group serves.</summary>
        internal sealed record Traffic(double RequestsPerSecond, double ErrorPercent, double ResponseTime, double Unhealthy = 0);
    }
}
