using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// Checks a value tree against its shape: required members, enum values, min/max (values of numbers, lengths of
    /// strings and lists) and patterns, as the service's front end does before any action runs.
    /// </summary>
    public static class ShapeValidator
    {
        /// <summary>
        /// Throws <see cref="ShapeValidationException"/> listing every violation, if there is any. An output
        /// (<paramref name="output"/> true) is held to its required members and enums only: the model's lengths and
        /// patterns constrain what callers send (an untagged resource's Tags is an empty list in an answer, though Tags
        /// needs one item in a request).
        /// </summary>
        public static void Validate(Shape shape, JsonNode? value, bool output = false)
        {
            var violations = new List<ShapeViolation>();
            Check(shape, value, string.Empty, output, violations);
            if (violations.Count > 0)
            {
                throw new ShapeValidationException(violations);
            }
        }

        private static void Check(Shape shape, JsonNode? value, string path, bool output, List<ShapeViolation> violations)
        {
            if (value == null)
            {
                return;
            }

            switch (shape.Type)
            {
                case "structure":
                    JsonObject structure = value.AsObject();
                    foreach (ShapeMember member in shape.Members)
                    {
                        string memberPath = MemberPath.Join(path, MemberPath.Camel(member.Name));
                        JsonNode? memberValue = structure[member.Name];
                        if (memberValue == null && shape.Required.Contains(member.Name, StringComparer.Ordinal))
                        {
                            violations.Add(new ShapeViolation(memberPath, null, "Member must not be null"));
                        }

                        Check(member.Shape, memberValue, memberPath, output, violations);
                    }

                    break;
                case "list":
                    JsonArray list = value.AsArray();
                    if (!output)
                    {
                        CheckLength(shape.Limits, list.Count, () => "[" + string.Join(", ", list.Select(Text)) + "]", path, violations);
                    }

                    for (int i = 0; i < list.Count; i++)
                    {
                        Check(shape.Member!.Shape, list[i], path + "." + (i + 1).ToString(CultureInfo.InvariantCulture) + ".member", output, violations);
                    }

                    break;
                case "map":
                    JsonObject map = value.AsObject();
                    if (!output)
                    {
                        CheckLength(shape.Limits, map.Count, () => "{" + string.Join(", ", map.Select(p => p.Key + "=" + Text(p.Value))) + "}", path, violations);
                    }

                    foreach (KeyValuePair<string, JsonNode?> entry in map)
                    {
                        Check(shape.Key!.Shape, JsonValue.Create(entry.Key), path, output, violations);
                        Check(shape.Value!.Shape, entry.Value, path + "." + entry.Key, output, violations);
                    }

                    break;
                case "string":
                    string text = Text(value);
                    if (shape.Limits.Enum != null && shape.Limits.Enum.Count > 0 && !shape.Limits.Enum.Contains(text, StringComparer.Ordinal))
                    {
                        violations.Add(new ShapeViolation(path, text, $"Member must satisfy enum value set: [{string.Join(", ", shape.Limits.Enum)}]"));
                    }

                    if (output)
                    {
                        break;
                    }

                    CheckLength(shape.Limits, text.Length, () => text, path, violations);
                    if (shape.PatternRegex != null && !shape.PatternRegex.IsMatch(text))
                    {
                        violations.Add(new ShapeViolation(path, text, $"Member must satisfy regular expression pattern: {shape.Limits.Pattern}"));
                    }

                    break;
                default:
                    // Any JSON number (int, long or double underneath) as a double.
                    if (!output && shape.IsNumber && value is JsonValue number
                        && double.TryParse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
                    {
                        string shown = number.ToJsonString();
                        if (shape.Limits.Min.HasValue && amount < shape.Limits.Min.Value)
                        {
                            violations.Add(new ShapeViolation(path, shown, $"Member must have value greater than or equal to {Number(shape.Limits.Min.Value)}"));
                        }

                        if (shape.Limits.Max.HasValue && amount > shape.Limits.Max.Value)
                        {
                            violations.Add(new ShapeViolation(path, shown, $"Member must have value less than or equal to {Number(shape.Limits.Max.Value)}"));
                        }
                    }

                    break;
            }
        }

        private static void CheckLength(ShapeLimits limits, int length, Func<string> shown, string path, List<ShapeViolation> violations)
        {
            if (limits.Min.HasValue && length < limits.Min.Value)
            {
                violations.Add(new ShapeViolation(path, shown(), $"Member must have length greater than or equal to {Number(limits.Min.Value)}"));
            }

            if (limits.Max.HasValue && length > limits.Max.Value)
            {
                violations.Add(new ShapeViolation(path, shown(), $"Member must have length less than or equal to {Number(limits.Max.Value)}"));
            }
        }

        internal static string Text(JsonNode? node) =>
            node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString() ?? "null";

        private static string Number(double value) => value.ToString("0.################", CultureInfo.InvariantCulture);
    }
}
