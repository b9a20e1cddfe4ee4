using System.Text.Json;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// One AWS JSON 1.1 request: the operation named by <c>X-Amz-Target</c> (<c>AmazonSSM.PutParameter</c>), its JSON
    /// body and (optional) SigV4 authorization. Members are read with the type the service model gives them; a member of
    /// another JSON type is a <c>SerializationException</c>, as AWS answers.
    /// </summary>
    internal sealed class JsonRequest(string operation, JsonElement body, SigV4Authorization? authorization, string requestId)
    {
        internal string Operation { get; } = operation;

        /// <summary>The body's top-level object.</summary>
        internal JsonElement Body { get; } = body;

        internal SigV4Authorization? Authorization { get; } = authorization;

        internal string RequestId { get; } = requestId;

        internal string? String(string member) => String(Body, member);

        internal bool? Boolean(string member) => Boolean(Body, member);

        internal int? Integer(string member) => Integer(Body, member);

        internal IReadOnlyList<string>? Strings(string member) => Strings(Body, member);

        internal IReadOnlyList<JsonElement>? Structures(string member) => Structures(Body, member);

        /// <summary>Parses a body; an empty one is <c>{}</c>, anything but a JSON object is a SerializationException.</summary>
        internal static JsonElement ParseBody(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                using JsonDocument empty = JsonDocument.Parse("{}");
                return empty.RootElement.Clone();
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(body!);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Serialization("The request body must be a JSON object.");
                }

                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Serialization($"The request body is not valid JSON: {ex.Message}");
            }
        }

        internal static string? String(JsonElement structure, string member) =>
            Member(structure, member, JsonValueKind.String, "string") is JsonElement value ? value.GetString() : null;

        internal static bool? Boolean(JsonElement structure, string member)
        {
            if (!structure.TryGetProperty(member, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Serialization($"The member '{member}' must be a JSON boolean, not {Describe(value)}."),
            };
        }

        internal static int? Integer(JsonElement structure, string member) =>
            Member(structure, member, JsonValueKind.Number, "integer") is JsonElement value
                ? value.TryGetInt32(out int number) ? number : throw Serialization($"The member '{member}' must be an integer, not {value.GetRawText()}.")
                : (int?)null;

        internal static IReadOnlyList<string>? Strings(JsonElement structure, string member)
        {
            if (!(Member(structure, member, JsonValueKind.Array, "array") is JsonElement list))
            {
                return null;
            }

            return list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw Serialization($"Every item of '{member}' must be a JSON string, not {Describe(item)}.")).ToList();
        }

        internal static IReadOnlyList<JsonElement>? Structures(JsonElement structure, string member)
        {
            if (!(Member(structure, member, JsonValueKind.Array, "array") is JsonElement list))
            {
                return null;
            }

            return list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object
                ? item
                : throw Serialization($"Every item of '{member}' must be a JSON object, not {Describe(item)}.")).ToList();
        }

        private static JsonElement? Member(JsonElement structure, string member, JsonValueKind kind, string kindName)
        {
            if (!structure.TryGetProperty(member, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != kind)
            {
                throw Serialization($"The member '{member}' must be a JSON {kindName}, not {Describe(value)}.");
            }

            return value;
        }

        private static string Describe(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

        private static AwsErrorException Serialization(string message) => new AwsErrorException("SerializationException", message);
    }
}
