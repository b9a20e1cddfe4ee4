using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// A shape of the model: structure (members, required), list (member), map (key, value) or scalar (string,
    /// integer/long/double, boolean, timestamp, blob), with the <see cref="Limits"/> its values must keep.
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
            Limits = ShapeLimits.Of(definition);
            Flattened = definition.TryGetProperty("flattened", out JsonElement flattened) && flattened.GetBoolean();
            Member = definition.TryGetProperty("member", out JsonElement item) ? new ShapeMember(model, "member", item) : null;
            Key = definition.TryGetProperty("key", out JsonElement key) ? new ShapeMember(model, "key", key) : null;
            Value = definition.TryGetProperty("value", out JsonElement value) ? new ShapeMember(model, "value", value) : null;
        }

        /// <summary>The shape's name in the model: <c>TargetGroup</c>, <c>TargetGroupArn</c>, ...</summary>
        public string Name { get; }

        /// <summary>structure, list, map, string, integer, long, double, float, boolean, timestamp, blob.</summary>
        public string Type { get; }

        /// <summary>A structure's members, in the model's order.</summary>
        public IReadOnlyList<ShapeMember> Members { get; }

        /// <summary>The names of a structure's members that must be set.</summary>
        public IReadOnlyList<string> Required { get; }

        /// <summary>The structure's member of this name, or null.</summary>
        public ShapeMember? FindMember(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

        /// <summary>What a value must keep: enum, least and greatest value or length, pattern.</summary>
        public ShapeLimits Limits { get; }

        internal bool IsNumber => Type == "integer" || Type == "long" || Type == "double" || Type == "float";

        internal Regex? PatternRegex => Limits.Pattern == null ? null : _pattern ??= new Regex(Limits.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>A list or map written without its wrapper (Query: <c>Name.1</c>, not <c>Name.member.1</c> or <c>Name.entry.1</c>).</summary>
        public bool Flattened { get; }

        /// <summary>A list's item.</summary>
        public ShapeMember? Member { get; }

        /// <summary>A map's key.</summary>
        public ShapeMember? Key { get; }

        /// <summary>A map's value.</summary>
        public ShapeMember? Value { get; }

        public override string ToString() => Name + " (" + Type + ")";
    }
}
