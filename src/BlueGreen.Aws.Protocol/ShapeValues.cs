using System.Text.Json.Nodes;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>Small conversions between .NET values and the value tree, for code that builds or reads trees by hand (the sandbox).</summary>
    public static class ShapeValues
    {
        /// <summary>A list of strings; null or absent is empty.</summary>
        public static List<string> Strings(JsonNode? list) =>
            list?.AsArray().Select(item => (string?)item).Where(item => item != null).Select(item => item!).ToList() ?? new List<string>();

        public static JsonArray Array(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

        public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> item) => new JsonArray(items.Select(item).ToArray());

        /// <summary>The structures of a list; null or absent is empty.</summary>
        public static IEnumerable<JsonObject> Objects(JsonNode? list) =>
            list?.AsArray().OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();
    }
}
