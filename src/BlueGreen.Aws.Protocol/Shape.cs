using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// A shape of the model: structure (members, required), list (member, min/max length), map (key, value) or scalar
    /// (string with enum/min/max/pattern, integer/long/double with min/max, boolean, timestamp, blob).
    /// </summary>
    public sealed class Shape
    {
        private Regex? _pattern;

        internal Shape(ServiceModel model, string name, JsonElement definition)
        {
            Name = name;
            Type = definition.GetProperty("type").GetString()!;
            var members = new List<ShapeMember>();
            if (definition.TryGetProperty("members", out JsonElement memberList))
            {
                foreach (JsonProperty member in memberList.EnumerateObject())
                {
                    members.Add(new ShapeMember(model, member.Name, member.Value));
                }
            }

            Members = members;
            Required = definition.TryGetProperty("required", out JsonElement required)
                ? required.EnumerateArray().Select(r => r.GetString()!).ToList()
                : new List<string>();
            Enum = definition.TryGetProperty("enum", out JsonElement values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : null;
            Min = definition.TryGetProperty("min", out JsonElement min) ? min.GetDouble() : (double?)null;
            Max = definition.TryGetProperty("max", out JsonElement max) ? max.GetDouble() : (double?)null;
            Pattern = definition.TryGetProperty("pattern", out JsonElement pattern) ? pattern.GetString() : null;
            Flattened = definition.TryGetProperty("flattened", out JsonElement flattened) && flattened.GetBoolean();
            Member = definition.TryGetProperty("member", out JsonElement item) ? new ShapeMember(model, "member", item) : null;
            Key = definition.TryGetProperty("key", out JsonElement key) ? new ShapeMember(model, "key", key) : null;
            Value = definition.TryGetProperty("value", out JsonElement value) ? new ShapeMember(model, "value", value) : null;
            if (definition.TryGetProperty("error", out JsonElement error))
            {
                ErrorCode = error.TryGetProperty("code", out JsonElement code) ? code.GetString() : name;
                HttpStatus = error.TryGetProperty("httpStatusCode", out JsonElement status) ? status.GetInt32() : 400;
                IsSenderFault = !error.TryGetProperty("senderFault", out JsonElement sender) || sender.GetBoolean();
            }
        }

        public string Name { get; }

        /// <summary>structure, list, map, string, integer, long, double, float, boolean, timestamp, blob.</summary>
        public string Type { get; }

        public IReadOnlyList<ShapeMember> Members { get; }

        public IReadOnlyList<string> Required { get; }

        public IReadOnlyList<string>? Enum { get; }

        /// <summary>The least value (numbers) or length (strings, lists).</summary>
        public double? Min { get; }

        public double? Max { get; }

        public string? Pattern { get; }

        public bool Flattened { get; }

        /// <summary>A list's item.</summary>
        public ShapeMember? Member { get; }

        /// <summary>A map's key and value.</summary>
        public ShapeMember? Key { get; }

        public ShapeMember? Value { get; }

        /// <summary>For an exception shape: the AWS error code (<c>LoadBalancerNotFound</c>), its HTTP status and fault side.</summary>
        public string? ErrorCode { get; }

        public int HttpStatus { get; }

        public bool IsSenderFault { get; }

        internal bool IsNumber => Type == "integer" || Type == "long" || Type == "double" || Type == "float";

        internal Regex? PatternRegex => Pattern == null ? null : _pattern ??= new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        public ShapeMember? FindMember(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

        public override string ToString() => Name + " (" + Type + ")";
    }
}
