using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;
using BlueGreen.Sandbox.Model.Monitoring;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.CloudWatch
{
    /// <summary>
    /// GetMetricData over the sandbox's metrics: a result per query that returns data, the statistic of each period
    /// with samples (newest first unless ScanBy says TimestampAscending). Metric math expressions are not evaluated:
    /// their results are empty and a message says so.
    /// </summary>
    internal static class MetricDataAnswer
    {
        internal static JsonObject Answer(JsonObject input, MetricStore metrics)
        {
            DateTimeOffset start = DateTimeOffset.Parse((string)input["StartTime"]!, System.Globalization.CultureInfo.InvariantCulture);
            DateTimeOffset end = DateTimeOffset.Parse((string)input["EndTime"]!, System.Globalization.CultureInfo.InvariantCulture);
            if (end <= start)
            {
                throw new AwsErrorException("ValidationError", "The parameter StartTime must be less than the parameter EndTime.");
            }

            bool ascending = (string?)input["ScanBy"] == "TimestampAscending";
            var messages = new JsonArray();
            var results = new List<JsonObject>();
            foreach (JsonObject query in ShapeValues.Objects(input["MetricDataQueries"]).Where(q => (bool?)q["ReturnData"] != false))
            {
                string id = (string)query["Id"]!;
                JsonObject? stat = query["MetricStat"] as JsonObject;
                IReadOnlyList<KeyValuePair<DateTimeOffset, double>> points = Array.Empty<KeyValuePair<DateTimeOffset, double>>();
                if (stat != null)
                {
                    JsonNode metric = stat["Metric"]!;
                    string statistic = (string)stat["Stat"]!;
                    int period = (int)stat["Period"]!;
                    if (period < 1)
                    {
                        throw new AwsErrorException("ValidationError", $"The value {period} for parameter MetricDataQueries.member.{results.Count + 1}.MetricStat.Period is not valid: give at least 1 second.");
                    }

                    if (!MetricBucket.IsStatistic(statistic))
                    {
                        throw new AwsErrorException("ValidationError", $"The value {statistic} for parameter MetricDataQueries.member.{results.Count + 1}.MetricStat.Stat is not a valid statistic: use Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p90.");
                    }

                    var dimensions = ShapeValues.Objects(metric["Dimensions"]).ToDictionary(d => (string)d["Name"]!, d => (string)d["Value"]!, StringComparer.Ordinal);
                    points = metrics.Query((string?)metric["Namespace"] ?? string.Empty, (string?)metric["MetricName"] ?? string.Empty, dimensions, statistic, period, start, end);
                }
                else
                {
                    messages.Add(new JsonObject { ["Code"] = "Unsupported", ["Value"] = $"Query {id}: the sandbox does not evaluate metric math expressions." });
                }

                IEnumerable<KeyValuePair<DateTimeOffset, double>> ordered = ascending ? points : points.Reverse();
                results.Add(new JsonObject
                {
                    ["Id"] = id,
                    ["Label"] = (string?)query["Label"] ?? (string?)stat?["Metric"]?["MetricName"] ?? id,
                    ["Timestamps"] = ShapeValues.Array(ordered.Select(p => p.Key.UtcDateTime.ToString("o"))),
                    ["Values"] = new JsonArray(ordered.Select(p => (JsonNode?)JsonValue.Create(p.Value)).ToArray()),
                    ["StatusCode"] = "Complete",
                });
            }

            return new JsonObject
            {
                ["MetricDataResults"] = ShapeValues.Array(results, r => r),
                ["Messages"] = messages,
            };
        }
    }
}
