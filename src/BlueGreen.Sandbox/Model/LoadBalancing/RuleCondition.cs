using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// One condition of a rule: a field (path-pattern, host-header, http-header, query-string, http-request-method,
    /// source-ip) and what it matches. Read from and written as the model's RuleCondition shape.
    /// </summary>
    internal sealed class RuleCondition
    {
        internal const string PathPattern = "path-pattern";
        internal const string HostHeader = "host-header";
        internal const string HttpHeader = "http-header";
        internal const string QueryString = "query-string";

        internal static readonly string[] Fields = { HttpHeader, "http-request-method", HostHeader, PathPattern, QueryString, "source-ip" };

        internal RuleCondition(string field, IReadOnlyList<string> values, string? httpHeaderName = null,
            IReadOnlyList<KeyValuePair<string?, string>>? queryStrings = null)
        {
            Field = field;
            Values = values;
            HttpHeaderName = httpHeaderName;
            QueryStrings = queryStrings ?? new List<KeyValuePair<string?, string>>();
        }

        internal string Field { get; }

        internal IReadOnlyList<string> Values { get; }

        internal string? HttpHeaderName { get; }

        internal IReadOnlyList<KeyValuePair<string?, string>> QueryStrings { get; }

        /// <summary>The member holding the field's config, the field in Pascal case: <c>PathPatternConfig</c>, <c>SourceIpConfig</c>, ...</summary>
        private static string ConfigMember(string field) =>
            string.Concat(field.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word.Substring(1))) + "Config";

        /// <summary>A condition from its shape: a known field with at least one value (path-pattern and host-header also take plain Values).</summary>
        internal static RuleCondition FromShape(JsonObject condition)
        {
            string field = (string?)condition["Field"] ?? throw ElbV2Validation.Error(
                "1 validation error detected: Value null at 'field' failed to satisfy constraint: Member must not be null");
            if (!Fields.Contains(field))
            {
                throw ElbV2Validation.Error($"Condition field '{field}' must be one of {string.Join(", ", Fields)}");
            }

            JsonNode? config = condition[ConfigMember(field)];
            List<string> plain = ShapeValues.Strings(condition["Values"]);
            List<string> configured = ShapeValues.Strings(config?["Values"]);
            switch (field)
            {
                case PathPattern:
                case HostHeader:
                    if (plain.Count > 0 && configured.Count > 0)
                    {
                        throw ElbV2Validation.Error($"You cannot specify both Values and {ConfigMember(field)} for a '{field}' condition");
                    }

                    return new RuleCondition(field, RequireValues(field, plain.Count > 0 ? plain : configured));
                case HttpHeader:
                    string name = (string?)config?["HttpHeaderName"] ?? throw ElbV2Validation.Error(
                        "1 validation error detected: Value null at 'httpHeaderName' failed to satisfy constraint: Member must not be null");
                    return new RuleCondition(field, RequireValues(field, configured), name);
                case QueryString:
                    var pairs = ShapeValues.Objects(config?["Values"])
                        .Select(p => new KeyValuePair<string?, string>((string?)p["Key"], (string?)p["Value"] ?? throw ElbV2Validation.Error(
                            "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null")))
                        .ToList();
                    return pairs.Count > 0
                        ? new RuleCondition(field, new List<string>(), queryStrings: pairs)
                        : throw ElbV2Validation.Error("A query-string condition must have at least one key/value pair");
                default:
                    return new RuleCondition(field, RequireValues(field, configured));
            }
        }

        /// <summary>The condition as the model's RuleCondition shape (path-pattern and host-header also as plain Values, as ELBv2 answers).</summary>
        internal JsonObject ToShape()
        {
            var shape = new JsonObject { ["Field"] = Field };
            var config = new JsonObject();
            switch (Field)
            {
                case PathPattern:
                case HostHeader:
                    shape["Values"] = ShapeValues.Array(Values);
                    config["Values"] = ShapeValues.Array(Values);
                    break;
                case HttpHeader:
                    config["HttpHeaderName"] = HttpHeaderName;
                    config["Values"] = ShapeValues.Array(Values);
                    break;
                case QueryString:
                    config["Values"] = ShapeValues.Array(QueryStrings, p => new JsonObject { ["Key"] = p.Key, ["Value"] = p.Value });
                    break;
                default:
                    config["Values"] = ShapeValues.Array(Values);
                    break;
            }

            shape[ConfigMember(Field)] = config;
            return shape;
        }

        private static IReadOnlyList<string> RequireValues(string field, IReadOnlyList<string> values) =>
            values.Count > 0 ? values : throw ElbV2Validation.Error($"A '{field}' condition must have at least one value");
    }
}
