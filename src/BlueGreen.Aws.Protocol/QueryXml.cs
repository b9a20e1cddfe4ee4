using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// The AWS Query protocol's XML answers, both ways, for any operation of a <see cref="ServiceModel"/>:
    /// <c>&lt;{Op}Response xmlns=…&gt;&lt;{Op}Result&gt;…&lt;/{Op}Result&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;&lt;/ResponseMetadata&gt;&lt;/{Op}Response&gt;</c>,
    /// lists as <c>&lt;member&gt;</c> items (flattened lists as repeated elements), maps as <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>;
    /// errors as <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.
    /// Absent members are left out; an empty list is an empty element.
    /// </summary>
    public static class QueryXml
    {
        /// <summary>The answer to an operation (the output validated against its shape first: the sandbox answers only what AWS could).</summary>
        public static string WriteResponse(ServiceModel model, string operation, JsonObject? output, string requestId)
        {
            ServiceOperation op = model.GetOperation(operation);
            string ns = model.XmlNamespace ?? string.Empty;
            return Document(writer =>
            {
                writer.WriteStartElement(op.Name + "Response", ns);
                if (op.Output != null)
                {
                    output ??= new JsonObject();
                    ShapeValidator.Validate(op.Output, output, output: true);
                    writer.WriteStartElement(op.ResultWrapper ?? op.Name + "Result", ns);
                    WriteMembers(writer, ns, op.Output, output);
                    writer.WriteEndElement();
                }

                writer.WriteStartElement("ResponseMetadata", ns);
                writer.WriteElementString("RequestId", ns, requestId);
                writer.WriteEndElement();
                writer.WriteEndElement();
            });
        }

        /// <summary>An error answer: <paramref name="senderFault"/> says whether the caller (Sender) or the service (Receiver) is at fault.</summary>
        public static string WriteError(string? xmlNamespace, bool senderFault, string code, string message, string requestId) => Document(writer =>
        {
            string ns = xmlNamespace ?? string.Empty;
            writer.WriteStartElement("ErrorResponse", ns);
            writer.WriteStartElement("Error", ns);
            writer.WriteElementString("Type", ns, senderFault ? "Sender" : "Receiver");
            writer.WriteElementString("Code", ns, code);
            writer.WriteElementString("Message", ns, message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", ns, requestId);
            writer.WriteEndElement();
        });

        /// <summary>The output of an operation from its answer; unknown elements are skipped (the service may be newer than the model).</summary>
        public static JsonObject ReadResponse(ServiceModel model, string operation, XElement response)
        {
            ServiceOperation op = model.GetOperation(operation);
            if (op.Output == null)
            {
                return new JsonObject();
            }

            string wrapper = op.ResultWrapper ?? op.Name + "Result";
            XElement? result = response.Elements().FirstOrDefault(e => e.Name.LocalName == wrapper);
            return result == null ? new JsonObject() : ReadStructure(op.Output, result);
        }

        private static string Document(Action<XmlWriter> write)
        {
            using var buffer = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            {
                writer.WriteStartDocument();
                write(writer);
                writer.WriteEndDocument();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteMembers(XmlWriter writer, string ns, Shape shape, JsonObject structure)
        {
            foreach (ShapeMember member in shape.Members)
            {
                if (structure[member.Name] is JsonNode value)
                {
                    WriteValue(writer, ns, member.Shape, member.WireName, value, member.Flattened || member.Shape.Flattened);
                }
            }
        }

        private static void WriteValue(XmlWriter writer, string ns, Shape shape, string name, JsonNode value, bool flattened)
        {
            switch (shape.Type)
            {
                case "structure":
                    writer.WriteStartElement(name, ns);
                    WriteMembers(writer, ns, shape, value.AsObject());
                    writer.WriteEndElement();
                    break;
                case "list":
                    if (!flattened)
                    {
                        writer.WriteStartElement(name, ns);
                    }

                    foreach (JsonNode? item in value.AsArray())
                    {
                        if (item != null)
                        {
                            WriteValue(writer, ns, shape.Member!.Shape, flattened ? name : shape.Member.WireName, item, false);
                        }
                    }

                    if (!flattened)
                    {
                        writer.WriteEndElement();
                    }

                    break;
                case "map":
                    writer.WriteStartElement(name, ns);
                    foreach (KeyValuePair<string, JsonNode?> pair in value.AsObject())
                    {
                        writer.WriteStartElement("entry", ns);
                        writer.WriteElementString(shape.Key!.WireName, ns, pair.Key);
                        if (pair.Value != null)
                        {
                            WriteValue(writer, ns, shape.Value!.Shape, shape.Value.WireName, pair.Value, false);
                        }

                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                    break;
                case "timestamp":
                    writer.WriteElementString(name, ns, Scalars.FormatTime(Scalars.ToTime(value)));
                    break;
                default:
                    writer.WriteElementString(name, ns, Scalars.ToText(shape, value));
                    break;
            }
        }

        private static JsonObject ReadStructure(Shape shape, XElement element)
        {
            var structure = new JsonObject();
            foreach (ShapeMember member in shape.Members)
            {
                bool flattened = member.Flattened || member.Shape.Flattened;
                List<XElement> found = element.Elements().Where(e => e.Name.LocalName == member.WireName).ToList();
                if (found.Count == 0)
                {
                    continue;
                }

                structure[member.Name] = member.Shape.Type == "list" && flattened
                    ? new JsonArray(found.Select(item => ReadValue(member.Shape.Member!.Shape, item)).ToArray())
                    : ReadValue(member.Shape, found[0]);
            }

            return structure;
        }

        private static JsonNode? ReadValue(Shape shape, XElement element)
        {
            switch (shape.Type)
            {
                case "structure":
                    return ReadStructure(shape, element);
                case "list":
                    return new JsonArray(element.Elements().Where(e => e.Name.LocalName == shape.Member!.WireName)
                        .Select(item => ReadValue(shape.Member!.Shape, item)).ToArray());
                case "map":
                    var map = new JsonObject();
                    foreach (XElement entry in element.Elements().Where(e => e.Name.LocalName == "entry"))
                    {
                        string? key = entry.Elements().FirstOrDefault(e => e.Name.LocalName == shape.Key!.WireName)?.Value;
                        XElement? value = entry.Elements().FirstOrDefault(e => e.Name.LocalName == shape.Value!.WireName);
                        if (key != null)
                        {
                            map[key] = value == null ? null : ReadValue(shape.Value!.Shape, value);
                        }
                    }

                    return map;
                default:
                    return Scalars.FromText(shape, element.Value, out string? problem) ?? (problem == null ? null : JsonValue.Create(element.Value));
            }
        }
    }
}
