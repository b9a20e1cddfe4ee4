using BlueGreen.Sandbox.DataPlane;
using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.Model.Monitoring
{
    /// <summary>
    /// The sandbox's AWS/ApplicationELB metrics, in 1-second buckets (AWS keeps ALB metrics per 60 s): what the data
    /// plane really served (RequestCount, HTTPCode_Target_2XX..5XX_Count, HTTPCode_ELB_4XX/5XX_Count,
    /// TargetResponseTime) per load balancer and per load balancer and target group, and the health of each group's
    /// targets sampled once a second (HealthyHostCount, UnHealthyHostCount). Its own lock, not the world's gate: the
    /// data plane's reader thread records while a request may hold the gate. Three hours before the newest sample are kept.
    /// </summary>
    internal sealed class MetricStore
    {
        private static readonly TimeSpan Retention = TimeSpan.FromHours(3);
        private readonly object _gate = new object();
        private readonly Dictionary<string, SortedDictionary<long, MetricBucket>> _series = new Dictionary<string, SortedDictionary<long, MetricBucket>>(StringComparer.Ordinal);
        private long _lastHostSample = long.MinValue;
        private long _newest = long.MinValue;

        /// <summary>Adds what the data plane counted.</summary>
        internal void Record(IEnumerable<RequestTally> tallies)
        {
            lock (_gate)
            {
                foreach (RequestTally tally in tallies)
                {
                    string? loadBalancer = AlbDimensions.LoadBalancerOf(tally.ListenerArn);
                    if (loadBalancer == null)
                    {
                        continue;
                    }

                    string? group = tally.TargetGroupArn == null ? null : AlbDimensions.TargetGroupOf(tally.TargetGroupArn);
                    var scopes = new List<IReadOnlyDictionary<string, string>> { Dimensions(loadBalancer, null) };
                    if (group != null)
                    {
                        scopes.Add(Dimensions(loadBalancer, group));
                    }

                    foreach (IReadOnlyDictionary<string, string> scope in scopes)
                    {
                        Add("RequestCount", scope, tally.Second, 1, tally.Requests);
                        for (int i = 0; i < 4; i++)
                        {
                            Add($"HTTPCode_Target_{i + 2}XX_Count", scope, tally.Second, 1, tally.TargetCodes.Length > i ? tally.TargetCodes[i] : 0);
                        }

                        foreach (double time in tally.ResponseTimes)
                        {
                            Add("TargetResponseTime", scope, tally.Second, time, 1, keep: true);
                        }
                    }

                    // The load balancer's own answers are a load balancer metric, as in AWS.
                    Add("HTTPCode_ELB_4XX_Count", scopes[0], tally.Second, 1, tally.Elb4xx);
                    Add("HTTPCode_ELB_5XX_Count", scopes[0], tally.Second, 1, tally.Elb5xx);
                }

                Prune();
            }
        }

        /// <summary>
        /// Samples HealthyHostCount and UnHealthyHostCount of every group an Application Load Balancer's listener
        /// forwards to, at most once a second. The caller holds the world's gate.
        /// </summary>
        internal void SampleHosts(SandboxWorld world)
        {
            long second = world.Now.ToUnixTimeSeconds();
            lock (_gate)
            {
                if (second <= _lastHostSample)
                {
                    return;
                }

                _lastHostSample = second;
            }

            LoadBalancingState state = world.LoadBalancing;
            var pairs = new HashSet<(string LoadBalancer, string GroupArn)>();
            foreach (Listener listener in state.Listeners)
            {
                string? loadBalancer = AlbDimensions.LoadBalancerOf(listener.LoadBalancerArn);
                if (loadBalancer == null || !loadBalancer.StartsWith("app/", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (RuleAction action in listener.DefaultActions.Concat(listener.Rules.SelectMany(r => r.Actions)))
                {
                    foreach (string arn in action.ForwardConfig?.TargetGroups.Select(g => g.TargetGroupArn) ?? Enumerable.Empty<string>())
                    {
                        pairs.Add((loadBalancer, arn));
                    }
                }
            }

            var counts = new List<(IReadOnlyDictionary<string, string> Scope, int Healthy, int Unhealthy)>();
            foreach ((string loadBalancer, string arn) in pairs)
            {
                TargetGroup? group = state.TargetGroups.FirstOrDefault(g => g.Arn == arn);
                string? dimension = AlbDimensions.TargetGroupOf(arn);
                if (group == null || dimension == null)
                {
                    continue;
                }

                List<string> states = group.Targets.Where(t => t.DeregisteredAt == null).Select(t => state.Targets.HealthOf(group, t).State).ToList();
                counts.Add((Dimensions(loadBalancer, dimension), states.Count(s => s == "healthy"), states.Count(s => s == "unhealthy")));
            }

            lock (_gate)
            {
                foreach ((IReadOnlyDictionary<string, string> scope, int healthy, int unhealthy) in counts)
                {
                    Add("HealthyHostCount", scope, second, healthy, 1);
                    Add("UnHealthyHostCount", scope, second, unhealthy, 1);
                }
            }
        }

        /// <summary>
        /// The statistic of a metric (dimensions matched exactly, as CloudWatch does) per period of
        /// <paramref name="period"/> seconds (periods aligned to the Unix epoch), for the periods that start in
        /// [<paramref name="start"/>, <paramref name="end"/>) and have samples: (period start, value), oldest first.
        /// </summary>
        internal IReadOnlyList<KeyValuePair<DateTimeOffset, double>> Query(string metricNamespace, string metricName,
            IReadOnlyDictionary<string, string> dimensions, string stat, int period, DateTimeOffset start, DateTimeOffset end)
        {
            var points = new List<KeyValuePair<DateTimeOffset, double>>();
            if (metricNamespace != AlbDimensions.Namespace || period < 1)
            {
                return points;
            }

            lock (_gate)
            {
                if (!_series.TryGetValue(Key(metricName, dimensions), out SortedDictionary<long, MetricBucket>? series))
                {
                    return points;
                }

                long from = Floor(start.ToUnixTimeSeconds(), period);
                long to = end.ToUnixTimeSeconds();
                for (long periodStart = from; periodStart < to; periodStart += period)
                {
                    if (periodStart < start.ToUnixTimeSeconds())
                    {
                        continue;
                    }

                    var total = new MetricBucket();
                    foreach (KeyValuePair<long, MetricBucket> second in series.Where(s => s.Key >= periodStart && s.Key < periodStart + period && s.Key < to))
                    {
                        total.AddAll(second.Value);
                    }

                    if (total.SampleCount > 0 && total.Statistic(stat) is double value)
                    {
                        points.Add(new KeyValuePair<DateTimeOffset, double>(DateTimeOffset.FromUnixTimeSeconds(periodStart), value));
                    }
                }
            }

            return points;
        }

        internal static IReadOnlyDictionary<string, string> Dimensions(string loadBalancer, string? targetGroup)
        {
            var dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["LoadBalancer"] = loadBalancer };
            if (targetGroup != null)
            {
                dimensions["TargetGroup"] = targetGroup;
            }

            return dimensions;
        }

        private void Add(string metric, IReadOnlyDictionary<string, string> dimensions, long second, double value, int count, bool keep = false)
        {
            if (count <= 0)
            {
                return;
            }

            string key = Key(metric, dimensions);
            if (!_series.TryGetValue(key, out SortedDictionary<long, MetricBucket>? series))
            {
                series = new SortedDictionary<long, MetricBucket>();
                _series[key] = series;
            }

            if (!series.TryGetValue(second, out MetricBucket? bucket))
            {
                bucket = new MetricBucket();
                series[second] = bucket;
            }

            bucket.Add(value, count, keep);
            _newest = Math.Max(_newest, second);
        }

        private void Prune()
        {
            long oldest = _newest - (long)Retention.TotalSeconds;
            foreach (SortedDictionary<long, MetricBucket> series in _series.Values)
            {
                while (series.Count > 0 && series.Keys.First() < oldest)
                {
                    series.Remove(series.Keys.First());
                }
            }
        }

        private static string Key(string metric, IReadOnlyDictionary<string, string> dimensions) =>
            metric + "|" + string.Join(",", dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + "=" + d.Value));

        private static long Floor(long seconds, int period) => seconds - (((seconds % period) + period) % period);
    }
}
