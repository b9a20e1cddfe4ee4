using System.Text.Json;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// What a shape allows of a value, as <see cref="ShapeValidator"/> checks it: a string's enum and pattern, and the
    /// least and greatest value (numbers) or length (strings, lists, maps).
    /// </summary>
    public sealed record ShapeLimits(IReadOnlyList<string>? Enum, double? Min, double? Max, string? Pattern)
    {
        internal static ShapeLimits Of(JsonElement definition) => new ShapeLimits(
            definition.TryGetProperty("enum", out JsonElement values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : null,
            definition.TryGetProperty("min", out JsonElement min) ? min.GetDouble() : null,
            definition.TryGetProperty("max", out JsonElement max) ? max.GetDouble() : null,
            definition.TryGetProperty("pattern", out JsonElement pattern) ? pattern.GetString() : null);
    }
}
