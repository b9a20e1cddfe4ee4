using System.Globalization;
using System.Text.Json.Nodes;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// The AWS Query protocol's request form, both ways, for any operation of a <see cref="ServiceModel"/>:
    /// <c>Action</c> and <c>Version</c>, then every member flattened as botocore's QuerySerializer does: structures as
    /// <c>Name.Member</c>, lists as <c>Name.member.N</c> (flattened lists <c>Name.N</c>), maps as
    /// <c>Name.entry.N.key/value</c>, N counting from 1. Both directions validate against the input shape.
    /// </summary>
    public static class QueryForm
    {
        /// <summary>The form of a request (validated first); unset members, empty lists and empty maps are left out, as the AWS SDK for .NET does.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Write(ServiceModel model, string operation, JsonObject? input)
        {
            ServiceOperation op = model.GetOperation(operation);
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", op.Name),
                new KeyValuePair<string, string>("Version", model.ApiVersion),
            };
            if (op.Input != null)
            {
                input ??= new JsonObject();
                ShapeValidator.Validate(op.Input, input);
                WriteValue(op.Input, input, string.Empty, form);
            }

            return form;
        }

        /// <summary>The input of a request from its form (Action and Version aside), validated: what the service's front end does.</summary>
        public static JsonObject Read(ServiceModel model, string operation, IReadOnlyDictionary<string, string> form)
        {
            Shape? shape = model.GetOperation(operation).Input;
            if (shape == null)
            {
                return new JsonObject();
            }

            var problems = new List<ShapeViolation>();
            JsonObject input = ReadStructure(shape, form, string.Empty, string.Empty, problems);
            if (problems.Count > 0)
            {
                throw new ShapeValidationException(problems);
            }

            ShapeValidator.Validate(shape, input);
            return input;
        }

        private static void WriteValue(Shape shape, JsonNode value, string prefix, List<KeyValuePair<string, string>> form)
        {
            switch (shape.Type)
            {
                case "structure":
                    JsonObject structure = value.AsObject();
                    foreach (ShapeMember member in shape.Members)
                    {
                        if (structure[member.Name] is JsonNode memberValue)
                        {
                            WriteValue(member.Shape, memberValue, MemberPath.Join(prefix, member.WireName), form);
                        }
                    }

                    break;
                case "list":
                    int index = 1;
                    foreach (JsonNode? item in value.AsArray())
                    {
                        if (item != null)
                        {
                            WriteValue(shape.Member!.Shape, item, ListItem(shape, prefix, index), form);
                        }

                        index++;
                    }

                    break;
                case "map":
                    int entry = 1;
                    foreach (KeyValuePair<string, JsonNode?> pair in value.AsObject())
                    {
                        string entryPrefix = MapEntry(shape, prefix, entry++);
                        form.Add(new KeyValuePair<string, string>(entryPrefix + "." + shape.Key!.WireName, pair.Key));
                        if (pair.Value != null)
                        {
                            WriteValue(shape.Value!.Shape, pair.Value, entryPrefix + "." + shape.Value.WireName, form);
                        }
                    }

                    break;
                default:
                    form.Add(new KeyValuePair<string, string>(prefix, Scalars.ToText(shape, value)));
                    break;
            }
        }

        private static JsonObject ReadStructure(Shape shape, IReadOnlyDictionary<string, string> form, string prefix, string path, List<ShapeViolation> problems)
        {
            var structure = new JsonObject();
            foreach (ShapeMember member in shape.Members)
            {
                JsonNode? value = ReadValue(member.Shape, form, MemberPath.Join(prefix, member.WireName), MemberPath.Join(path, MemberPath.Camel(member.Name)), problems);
                if (value != null)
                {
                    structure[member.Name] = value;
                }
            }

            return structure;
        }

        private static JsonNode? ReadValue(Shape shape, IReadOnlyDictionary<string, string> form, string key, string path, List<ShapeViolation> problems)
        {
            switch (shape.Type)
            {
                case "structure":
                    return form.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal)) ? ReadStructure(shape, form, key, path, problems) : null;
                case "list":
                    var indexes = Indexes(form, shape.Flattened ? key : key + "." + shape.Member!.WireName);
                    if (indexes.Count == 0)
                    {
                        // botocore sends an empty list as "Name=".
                        return form.TryGetValue(key, out string? empty) && empty.Length == 0 ? new JsonArray() : null;
                    }

                    var list = new JsonArray();
                    foreach (int index in indexes)
                    {
                        list.Add(ReadValue(shape.Member!.Shape, form, ListItem(shape, key, index), path + "." + index.ToString(CultureInfo.InvariantCulture) + ".member", problems));
                    }

                    return list;
                case "map":
                    var map = new JsonObject();
                    foreach (int index in Indexes(form, shape.Flattened ? key : key + ".entry"))
                    {
                        string entry = MapEntry(shape, key, index);
                        if (form.TryGetValue(entry + "." + shape.Key!.WireName, out string? mapKey))
                        {
                            map[mapKey] = ReadValue(shape.Value!.Shape, form, entry + "." + shape.Value!.WireName, path + "." + mapKey, problems);
                        }
                    }

                    return map.Count > 0 ? map : null;
                default:
                    if (!form.TryGetValue(key, out string? text))
                    {
                        return null;
                    }

                    JsonNode? value = Scalars.FromText(shape, text, out string? problem);
                    if (problem != null)
                    {
                        problems.Add(new ShapeViolation(path, text, problem));
                    }

                    return value;
            }
        }

        /// <summary>The item numbers under <c>prefix.N</c>, in order.</summary>
        private static SortedSet<int> Indexes(IReadOnlyDictionary<string, string> form, string prefix)
        {
            var indexes = new SortedSet<int>();
            string start = prefix + ".";
            foreach (string key in form.Keys)
            {
                if (key.StartsWith(start, StringComparison.Ordinal))
                {
                    string rest = key.Substring(start.Length);
                    int dot = rest.IndexOf('.');
                    if (int.TryParse(dot < 0 ? rest : rest.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    {
                        indexes.Add(index);
                    }
                }
            }

            return indexes;
        }

        private static string ListItem(Shape list, string prefix, int index) =>
            (list.Flattened ? prefix : prefix + "." + list.Member!.WireName) + "." + index.ToString(CultureInfo.InvariantCulture);

        private static string MapEntry(Shape map, string prefix, int index) =>
            (map.Flattened ? prefix : prefix + ".entry") + "." + index.ToString(CultureInfo.InvariantCulture);
    }
}
