using System.Globalization;
using System.Text.Json.Nodes;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// Scalars between their text on the wire (Query forms, XML) and the value tree: numbers and booleans as JSON
    /// numbers and booleans, timestamps as ISO 8601 text (what System.Text.Json reads into DateTime), the rest as text.
    /// </summary>
    internal static class Scalars
    {
        /// <summary>The wire text of a tree value; timestamps as botocore writes them (seconds, microseconds only when there are some).</summary>
        internal static string ToText(Shape shape, JsonNode value)
        {
            switch (shape.Type)
            {
                case "boolean":
                    return value.GetValue<bool>() ? "true" : "false";
                case "timestamp":
                    // botocore's ISO8601 / ISO8601_MICRO: microseconds only when there are some.
                    DateTime time = ToTime(value).UtcDateTime;
                    return time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                case "integer":
                case "long":
                case "double":
                case "float":
                    return value.ToJsonString();
                default:
                    return ShapeValidator.Text(value);
            }
        }

        /// <summary>A tree value from wire text; null with a <paramref name="problem"/> when the text is not of the shape's type.</summary>
        internal static JsonNode? FromText(Shape shape, string text, out string? problem)
        {
            problem = null;
            switch (shape.Type)
            {
                case "boolean":
                    if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                    {
                        return JsonValue.Create(string.Equals(text, "true", StringComparison.OrdinalIgnoreCase));
                    }

                    problem = "Member must be true or false";
                    return null;
                case "integer":
                case "long":
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole)
                        && (shape.Type == "long" || (whole >= int.MinValue && whole <= int.MaxValue)))
                    {
                        // integer shapes as int, long shapes as long: what (int?)node and (long?)node read back.
                        return shape.Type == "long" ? JsonValue.Create(whole) : JsonValue.Create((int)whole);
                    }

                    problem = "Member must be an integer";
                    return null;
                case "double":
                case "float":
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                    {
                        return JsonValue.Create(number);
                    }

                    problem = "Member must be a number";
                    return null;
                case "timestamp":
                    if (TryParseTime(text, out DateTimeOffset time))
                    {
                        return JsonValue.Create(FormatTime(time));
                    }

                    problem = "Member must be a timestamp (ISO 8601 or seconds since the epoch)";
                    return null;
                default:
                    return JsonValue.Create(text);
            }
        }

        /// <summary>ISO 8601 with milliseconds, as AWS writes timestamps in XML: <c>2024-05-01T10:15:30.123Z</c>.</summary>
        internal static string FormatTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        internal static DateTimeOffset ToTime(JsonNode value)
        {
            if (value is JsonValue number && number.TryGetValue(out double seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }

            if (value is JsonValue offset && offset.TryGetValue(out DateTimeOffset time))
            {
                return time;
            }

            if (value is JsonValue date && date.TryGetValue(out DateTime dateTime))
            {
                return new DateTimeOffset(DateTime.SpecifyKind(dateTime, dateTime.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dateTime.Kind));
            }

            string text = ShapeValidator.Text(value);
            return TryParseTime(text, out DateTimeOffset parsed) ? parsed : throw new FormatException($"'{text}' is not a timestamp.");
        }

        internal static bool TryParseTime(string text, out DateTimeOffset time)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
                return true;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        }
    }
}
