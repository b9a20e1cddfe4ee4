using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// Typed model classes to and from the value tree, by member name: a class whose properties are named as the shape's
    /// members (as the AWS SDK's model classes are) binds with no hand-written mapping. Null members are left out, and,
    /// as in the AWS SDK for .NET, so are empty lists and maps of a model object (a model class's lists start empty:
    /// empty means unset).
    /// </summary>
    public static class ShapeBinding
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };

        /// <summary>The tree of a model object (a structure), or of a list of them.</summary>
        public static JsonNode? ToNode<T>(T value) => WithoutEmptyMembers(JsonSerializer.SerializeToNode(value, Options));

        public static T FromNode<T>(JsonNode? node)
            where T : new() => node == null ? new T() : node.Deserialize<T>(Options) ?? new T();

        private static JsonNode? WithoutEmptyMembers(JsonNode? node)
        {
            if (node is JsonObject structure)
            {
                foreach (string name in structure.Select(p => p.Key).ToList())
                {
                    if (WithoutEmptyMembers(structure[name]) is JsonObject { Count: 0 } or JsonArray { Count: 0 })
                    {
                        structure.Remove(name);
                    }
                }
            }
            else if (node is JsonArray list)
            {
                foreach (JsonNode? item in list)
                {
                    WithoutEmptyMembers(item);
                }
            }

            return node;
        }
    }
}
