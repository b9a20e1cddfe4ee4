using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace BlueGreen.Sandbox.Model.Monitoring
{
    /// <summary>
    /// CloudWatch metric alarms (PutMetricAlarm, DescribeAlarms), kept in the model's MetricAlarm shape: the sandbox
    /// has no metrics, so an alarm stays in INSUFFICIENT_DATA, as a new alarm on a metric without datapoints does.
    /// </summary>
    internal sealed class MetricAlarmState
    {
        private readonly SandboxWorld _world;
        private readonly SortedDictionary<string, JsonObject> _alarms = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);

        internal MetricAlarmState(SandboxWorld world)
        {
            _world = world;
        }

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
        }

        /// <summary>The alarms with one of <paramref name="names"/> (when given), the name prefix and the state (when given), by name.</summary>
        internal IReadOnlyList<JsonObject> Describe(IReadOnlyCollection<string> names, string? prefix, string? stateValue) =>
            _alarms.Values
                .Where(a => names.Count == 0 || names.Contains((string)a["AlarmName"]!))
                .Where(a => prefix == null || ((string)a["AlarmName"]!).StartsWith(prefix, StringComparison.Ordinal))
                .Where(a => stateValue == null || (string?)a["StateValue"] == stateValue)
                .Select(a => (JsonObject)a.DeepClone())
                .ToList();
    }
}
