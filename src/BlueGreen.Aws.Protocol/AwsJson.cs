using System.Text.Json.Nodes;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// The AWS JSON protocols (1.0 and 1.1: <c>X-Amz-Target: {TargetPrefix}.{Operation}</c>, a JSON body of the input
    /// shape, the output shape back, errors as <c>{"__type": code, "message": …}</c>) for any operation of a
    /// <see cref="ServiceModel"/>. The value tree is the JSON itself, except timestamps: seconds since the epoch on this
    /// wire, ISO 8601 text in the tree.
    /// </summary>
    public static class AwsJson
    {
        /// <summary>The input of a request from its JSON body, validated against the input shape.</summary>
        public static JsonObject ReadRequest(ServiceModel model, string operation, string? body)
        {
            Shape? shape = model.GetOperation(operation).Input;
            JsonNode? parsed = string.IsNullOrWhiteSpace(body) ? new JsonObject() : JsonNode.Parse(body!);
            if (parsed is not JsonObject input)
            {
                throw new ShapeValidationException(new[] { new ShapeViolation(string.Empty, body, "The request body must be a JSON object") });
            }

            if (shape != null)
            {
                ConvertTimes(shape, input, Scalars.FormatTime);
                ShapeValidator.Validate(shape, input);
            }

            return input;
        }

        /// <summary>The JSON body of an answer (the output validated against its shape first).</summary>
        public static string WriteResponse(ServiceModel model, string operation, JsonObject? output)
        {
            Shape? shape = model.GetOperation(operation).Output;
            output ??= new JsonObject();
            if (shape != null)
            {
                ShapeValidator.Validate(shape, output, output: true);
                output = (JsonObject)output.DeepClone();
                ConvertTimes(shape, output, time => time.ToUnixTimeMilliseconds() / 1000.0);
            }

            return output.ToJsonString();
        }

        /// <summary>An error body: the error code as <c>__type</c> and the message.</summary>
        public static string WriteError(string code, string message) =>
            new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString();

        /// <summary>Rewrites every timestamp of the tree (epoch seconds or ISO 8601 text) with <paramref name="convert"/>.</summary>
        private static JsonNode? ConvertTimes<T>(Shape shape, JsonNode? value, Func<DateTimeOffset, T> convert)
        {
            switch (value == null ? null : shape.Type)
            {
                case "timestamp":
                    return JsonValue.Create(convert(Scalars.ToTime(value!)));
                case "structure":
                    JsonObject structure = value!.AsObject();
                    foreach (ShapeMember member in shape.Members.Where(m => structure[m.Name] != null))
                    {
                        structure[member.Name] = ConvertTimes(member.Shape, structure[member.Name]!.DeepClone(), convert);
                    }

                    return structure;
                case "list":
                    JsonArray list = value!.AsArray();
                    List<JsonNode?> items = list.Select(item => ConvertTimes(shape.Member!.Shape, item?.DeepClone(), convert)).ToList();
                    list.Clear();
                    items.ForEach(list.Add);
                    return list;
                case "map":
                    JsonObject map = value!.AsObject();
                    foreach (string key in map.Select(p => p.Key).ToList())
                    {
                        map[key] = ConvertTimes(shape.Value!.Shape, map[key]?.DeepClone(), convert);
                    }

                    return map;
                default:
                    return value;
            }
        }
    }
}
