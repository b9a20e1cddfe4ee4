using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.CloudWatch.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Judges the new target group by its load balancer metrics, as Argo Rollouts' and Flagger's analyses do: reads
    /// RequestCount and HTTPCode_Target_5XX_Count (Sum, missing = 0), TargetResponseTime (a percentile's worst period,
    /// or the true Average from Sum / SampleCount) and UnHealthyHostCount (Minimum) of one window through
    /// GetMetricData (namespace AWS/ApplicationELB, dimensions LoadBalancer and TargetGroup), and the named alarms
    /// through DescribeAlarms, then compares them with <see cref="AnalysisSettings"/>.
    /// </summary>
    internal sealed class MetricAnalysis(ICloudWatch cloudWatch, AnalysisSettings settings)
    {
        private const string Namespace = "AWS/ApplicationELB";
        private static readonly Regex Percentile = new Regex(@"^p(\d{1,2}(\.\d{1,2})?|100)$", RegexOptions.CultureInvariant);
        private readonly ICloudWatch _cloudWatch = cloudWatch;
        private readonly AnalysisSettings _settings = settings;

        /// <summary>Reads the figures of the periods that begin in [<paramref name="from"/>, <paramref name="to"/>) (the first at the period boundary at or after <paramref name="from"/>).</summary>
        internal async Task<MetricFigures> ReadAsync(string loadBalancerArn, string targetGroupArn, DateTime from, DateTime to, CancellationToken cancellationToken)
        {
            int period = _settings.PeriodSeconds;
            var dimensions = new List<Dimension>
            {
                new Dimension { Name = "LoadBalancer", Value = LoadBalancerDimension(loadBalancerArn) },
                new Dimension { Name = "TargetGroup", Value = TargetGroupDimension(targetGroupArn) },
            };
            bool average = _settings.ResponseTimeStatistic == "Average";
            var queries = new List<MetricDataQuery>
            {
                Query("requests", "RequestCount", "Sum", dimensions, period),
                Query("errors", "HTTPCode_Target_5XX_Count", "Sum", dimensions, period),
                Query("unhealthy", "UnHealthyHostCount", "Minimum", dimensions, period),
            };
            queries.AddRange(average
                ? new[] { Query("timeSum", "TargetResponseTime", "Sum", dimensions, period), Query("timeCount", "TargetResponseTime", "SampleCount", dimensions, period) }
                : new[] { Query("time", "TargetResponseTime", _settings.ResponseTimeStatistic, dimensions, period) });
            // From the first period boundary at or after the window's start: CloudWatch rounds a StartTime down (to the
            // minute in AWS, to the second in the sandbox), and a period begun before the window (e.g. during a
            // maintenance window, whose 503s Django-mode maintenance answers from the targets) would count against the
            // release.
            DateTime start = FirstPeriodFrom(from, period);
            DateTime end = to > start ? to : start.AddSeconds(1);
            IReadOnlyList<MetricDataResult> results = await _cloudWatch.GetMetricDataAsync(queries, start, end, cancellationToken).ConfigureAwait(false);
            List<double> Values(string id) => results.FirstOrDefault(r => r.Id == id)?.Values ?? new List<double>();

            double? time;
            if (average)
            {
                double count = Values("timeCount").Sum();
                time = count > 0 ? Values("timeSum").Sum() / count : null;
            }
            else
            {
                List<double> worst = Values("time");
                time = worst.Count > 0 ? worst.Max() : null;
            }

            List<double> unhealthy = Values("unhealthy");
            var alarms = new List<AlarmReading>();
            if (_settings.Alarms.Count > 0)
            {
                IReadOnlyList<MetricAlarm> found = await _cloudWatch.DescribeAlarmsAsync(_settings.Alarms, null, cancellationToken).ConfigureAwait(false);
                foreach (string name in _settings.Alarms)
                {
                    MetricAlarm? alarm = found.FirstOrDefault(a => a.AlarmName == name);
                    alarms.Add(new AlarmReading(name, alarm?.StateValue ?? AlarmReading.Missing));
                }
            }

            return new MetricFigures(start < to ? start : from, to, Values("requests").Sum(), Values("errors").Sum(), time, unhealthy.Count > 0 ? unhealthy.Min() : null, alarms);
        }

        /// <summary>The start of the first period (aligned to the Unix epoch, as CloudWatch aligns them) that begins at or after <paramref name="from"/>.</summary>
        internal static DateTime FirstPeriodFrom(DateTime from, int periodSeconds)
        {
            long period = TimeSpan.FromSeconds(Math.Max(1, periodSeconds)).Ticks;
            DateTime utc = from.Kind == DateTimeKind.Local ? from.ToUniversalTime() : DateTime.SpecifyKind(from, DateTimeKind.Utc);
            long past = (utc.Ticks - DateTime.UnixEpoch.Ticks) % period;
            return past == 0 ? utc : new DateTime(utc.Ticks - past + period, DateTimeKind.Utc);
        }

        /// <summary>The verdict on <paramref name="figures"/>: Failed when a threshold is crossed, an alarm is in ALARM or a target stayed unhealthy; else Inconclusive below the minimum request count (or with an alarm missing); else Passed.</summary>
        internal static AnalysisVerdict Judge(string phase, MetricFigures figures, AnalysisSettings settings)
        {
            var failed = new List<string>();
            var unsure = new List<string>();
            foreach (AlarmReading alarm in figures.Alarms)
            {
                if (alarm.InAlarm)
                {
                    failed.Add($"alarm {alarm.Name} is in ALARM");
                }
                else if (alarm.State == AlarmReading.Missing)
                {
                    unsure.Add($"alarm {alarm.Name} does not exist (fix Analysis.Alarms)");
                }
            }

            if (figures.UnhealthyHosts is double unhealthy && unhealthy > 0)
            {
                failed.Add($"{Format(unhealthy)} target(s) unhealthy the whole window");
            }

            if (figures.Requests < settings.MinRequestCount)
            {
                unsure.Add($"{Format(figures.Requests)} requests, fewer than the {settings.MinRequestCount} Analysis.MinRequestCount asks to judge by");
            }
            else
            {
                if (figures.ErrorRatePercent is double rate && rate > settings.MaxErrorRatePercent)
                {
                    failed.Add($"5xx rate {rate.ToString("0.0", CultureInfo.InvariantCulture)}% over the {Format(settings.MaxErrorRatePercent)}% allowed");
                }

                if (settings.MaxResponseTime is TimeSpan max && figures.ResponseTime is double time && time > max.TotalSeconds)
                {
                    failed.Add($"{settings.ResponseTimeStatistic} response time {time.ToString("0.###", CultureInfo.InvariantCulture)} s over the {Format(max.TotalSeconds)} s allowed");
                }
            }

            AnalysisOutcome outcome = failed.Count > 0 ? AnalysisOutcome.Failed : unsure.Count > 0 ? AnalysisOutcome.Inconclusive : AnalysisOutcome.Passed;
            return new AnalysisVerdict(phase, outcome, figures, settings.ResponseTimeStatistic, outcome == AnalysisOutcome.Failed ? failed : unsure);
        }

        /// <summary>Why <paramref name="statistic"/> cannot judge TargetResponseTime, or null when it can (Average, p50 ... p99.9).</summary>
        internal static string? ResponseTimeStatisticProblem(string statistic) =>
            statistic == "Average" || (Percentile.IsMatch(statistic) && double.Parse(statistic.Substring(1), CultureInfo.InvariantCulture) is double p && p >= 50 && p < 100)
                ? null
                : "use 'Average' or a percentile from p50 to p99.9, e.g. 'p90' or 'p99'";

        /// <summary>Why <paramref name="name"/> cannot be a CloudWatch alarm name, or null (1-255 characters, no control characters).</summary>
        internal static string? AlarmNameProblem(string name) =>
            name.Length >= 1 && name.Length <= 255 && !name.Any(char.IsControl) ? null : "give the alarm's exact name, 1-255 characters";

        /// <summary>The LoadBalancer dimension of a load balancer's ARN: app/&lt;name&gt;/&lt;id&gt;.</summary>
        internal static string LoadBalancerDimension(string arn)
        {
            int at = arn.IndexOf(":loadbalancer/", StringComparison.Ordinal);
            return at < 0 ? arn : arn.Substring(at + ":loadbalancer/".Length);
        }

        /// <summary>The TargetGroup dimension of a target group's ARN: targetgroup/&lt;name&gt;/&lt;id&gt;.</summary>
        internal static string TargetGroupDimension(string arn)
        {
            int at = arn.IndexOf(":targetgroup/", StringComparison.Ordinal);
            return at < 0 ? arn : arn.Substring(at + 1);
        }

        private static MetricDataQuery Query(string id, string metric, string stat, List<Dimension> dimensions, int period) => new MetricDataQuery
        {
            Id = id,
            MetricStat = new MetricStat { Metric = new Metric { Namespace = Namespace, MetricName = metric, Dimensions = dimensions }, Period = period, Stat = stat },
        };

        private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
