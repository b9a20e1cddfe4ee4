using System.Globalization;
using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Monitoring
{
    /// <summary>
    /// CloudWatch metric alarms (PutMetricAlarm, DescribeAlarms, SetAlarmState), kept in the model's MetricAlarm shape
    /// and evaluated on the sandbox's metrics as CloudWatch does, at most once per alarm period: the last
    /// EvaluationPeriods periods, ALARM when DatapointsToAlarm of them breach, OK when data is there and not enough
    /// breach, and TreatMissingData deciding when there is none (missing: INSUFFICIENT_DATA). SetAlarmState holds until
    /// the next evaluation, a period later.
    /// </summary>
    internal sealed class MetricAlarmState(SandboxWorld world)
    {
        private readonly SandboxWorld _world = world;
        private readonly SortedDictionary<string, JsonObject> _alarms = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _evaluated = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        internal int Count => _alarms.Count;

        /// <summary>Creates or replaces an alarm from PutMetricAlarm's input (its members are the MetricAlarm's, but Tags).</summary>
        internal void Put(JsonObject input)
        {
            string name = (string)input["AlarmName"]!;
            string now = _world.Now.UtcDateTime.ToString("o");
            var alarm = (JsonObject)input.DeepClone();
            alarm.Remove("Tags");
            alarm["AlarmArn"] = $"arn:aws:cloudwatch:{_world.Options.Region}:{_world.Options.AccountId}:alarm:{name}";
            alarm["ActionsEnabled"] ??= true;
            alarm["AlarmConfigurationUpdatedTimestamp"] = now;
            bool existed = _alarms.TryGetValue(name, out JsonObject? previous);
            alarm["StateValue"] = existed ? previous!["StateValue"]!.DeepClone() : "INSUFFICIENT_DATA";
            alarm["StateReason"] = existed ? previous!["StateReason"]!.DeepClone() : "Unchecked: Initial alarm creation";
            alarm["StateUpdatedTimestamp"] = existed ? previous!["StateUpdatedTimestamp"]!.DeepClone() : now;
            _alarms[name] = alarm;
            _evaluated.Remove(name);
        }

        /// <summary>SetAlarmState: the state and reason given, until the alarm's next evaluation.</summary>
        internal void SetState(string name, string stateValue, string reason)
        {
            if (!_alarms.TryGetValue(name, out JsonObject? alarm))
            {
                throw new AwsErrorException("ResourceNotFound", $"Alarm {name} does not exist.", 404);
            }

            Change(alarm, stateValue, reason);
            _evaluated[name] = _world.Now;
        }

        /// <summary>The alarms with one of <paramref name="names"/> (when given), the name prefix and the state (when given), by name, evaluated first.</summary>
        internal IReadOnlyList<JsonObject> Describe(IReadOnlyCollection<string> names, string? prefix, string? stateValue)
        {
            List<JsonObject> chosen = _alarms.Values
                .Where(a => names.Count == 0 || names.Contains((string)a["AlarmName"]!))
                .Where(a => prefix == null || ((string)a["AlarmName"]!).StartsWith(prefix, StringComparison.Ordinal))
                .ToList();
            foreach (JsonObject alarm in chosen)
            {
                Evaluate(alarm);
            }

            return chosen
                .Where(a => stateValue == null || (string?)a["StateValue"] == stateValue)
                .Select(a => (JsonObject)a.DeepClone())
                .ToList();
        }

        private void Evaluate(JsonObject alarm)
        {
            string name = (string)alarm["AlarmName"]!;
            string? metricName = (string?)alarm["MetricName"];
            string? metricNamespace = (string?)alarm["Namespace"];
            string? stat = (string?)alarm["Statistic"] ?? (string?)alarm["ExtendedStatistic"];
            int period = (int?)alarm["Period"] ?? 0;
            int periods = Math.Max(1, (int?)alarm["EvaluationPeriods"] ?? 1);
            double? threshold = (double?)alarm["Threshold"];
            string? comparison = (string?)alarm["ComparisonOperator"];
            DateTimeOffset now = _world.Now;
            if (metricName == null || metricNamespace == null || stat == null || period < 1 || threshold == null || comparison == null
                || (_evaluated.TryGetValue(name, out DateTimeOffset last) && now < last.AddSeconds(period)))
            {
                return;
            }

            _evaluated[name] = now;
            var dimensions = ShapeValues.Objects(alarm["Dimensions"]).ToDictionary(d => (string)d["Name"]!, d => (string)d["Value"]!, StringComparer.Ordinal);
            long end = now.ToUnixTimeSeconds() / period * period;
            DateTimeOffset from = DateTimeOffset.FromUnixTimeSeconds(end - ((long)period * periods));
            IReadOnlyList<KeyValuePair<DateTimeOffset, double>> points = _world.Metrics.Query(metricNamespace, metricName, dimensions, stat, period, from, DateTimeOffset.FromUnixTimeSeconds(end));
            int needed = Math.Clamp((int?)alarm["DatapointsToAlarm"] ?? periods, 1, periods);
            int breaching = points.Count(p => Breaches(p.Value, comparison, threshold.Value));
            string missing = (string?)alarm["TreatMissingData"] ?? "missing";
            if (missing == "breaching")
            {
                breaching += periods - points.Count;
            }

            string values = string.Join(", ", points.Select(p => p.Value.ToString("0.###", CultureInfo.InvariantCulture)));
            if (breaching >= needed)
            {
                Change(alarm, "ALARM", $"Threshold Crossed: {breaching} out of the last {periods} datapoints [{values}] were {Describe(comparison)} the threshold ({threshold.Value.ToString(CultureInfo.InvariantCulture)}).");
            }
            else if (points.Count > 0 || missing == "notBreaching")
            {
                Change(alarm, "OK", $"Threshold not crossed: {breaching} out of the last {periods} datapoints [{values}] were {Describe(comparison)} the threshold ({threshold.Value.ToString(CultureInfo.InvariantCulture)}).");
            }
            else if (missing == "missing")
            {
                Change(alarm, "INSUFFICIENT_DATA", $"Insufficient Data: no datapoints in the last {periods} period(s) of {period} s.");
            }
        }

        private void Change(JsonObject alarm, string state, string reason)
        {
            if ((string?)alarm["StateValue"] == state && (string?)alarm["StateReason"] == reason)
            {
                return;
            }

            alarm["StateValue"] = state;
            alarm["StateReason"] = reason;
            alarm["StateUpdatedTimestamp"] = _world.Now.UtcDateTime.ToString("o");
        }

        private static bool Breaches(double value, string comparison, double threshold) => comparison switch
        {
            "GreaterThanOrEqualToThreshold" => value >= threshold,
            "GreaterThanThreshold" => value > threshold,
            "LessThanThreshold" => value < threshold,
            "LessThanOrEqualToThreshold" => value <= threshold,
            _ => false,
        };

        private static string Describe(string comparison) => comparison switch
        {
            "GreaterThanOrEqualToThreshold" => "greater than or equal to",
            "GreaterThanThreshold" => "greater than",
            "LessThanThreshold" => "less than",
            "LessThanOrEqualToThreshold" => "less than or equal to",
            _ => comparison,
        };
    }
}
