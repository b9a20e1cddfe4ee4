using System.Text;

namespace BlueGreen.Aws.ModelGenerator
{
    /// <summary>
    /// The C# of one service model's classes, as the AWS SDK for .NET shapes them: every structure the model's
    /// operations reach (the model is trimmed to the operations BlueGreen and its sandbox call) except the operations'
    /// own inputs, outputs and errors, as a <c>public sealed partial class</c> of nullable members and lists/maps that
    /// start empty; the inputs of the requested operations as <c>{Operation}Request</c>; every string enum those
    /// members use as a static class of <c>const string</c>.
    /// </summary>
    internal sealed class ModelClassWriter
    {
        private const string Generated = "[global::System.CodeDom.Compiler.GeneratedCode(\"BlueGreen.Aws.ModelGenerator\", \"1.0\")]";

        private readonly ModelJsonObject _shapes;
        private readonly ModelJsonObject _operations;
        private readonly string _namespace;
        private readonly ISet<string> _handWritten;
        private readonly SortedSet<string> _enums = new SortedSet<string>(StringComparer.Ordinal);

        public ModelClassWriter(ModelJsonObject model, string ns, ISet<string> handWritten)
        {
            _shapes = model.Object("shapes") ?? new ModelJsonObject();
            _operations = model.Object("operations") ?? new ModelJsonObject();
            _namespace = ns;
            _handWritten = handWritten;
        }

        /// <summary>Hint name and source of each class.</summary>
        public IEnumerable<KeyValuePair<string, string>> Write(IEnumerable<string> requests)
        {
            var wrappers = new HashSet<string>(StringComparer.Ordinal);
            foreach (ModelJsonObject operation in _operations.Members.Select(o => o.Value).OfType<ModelJsonObject>())
            {
                wrappers.UnionWith(new[] { "input", "output" }.Select(part => operation.Object(part)?.String("shape")).OfType<string>());
            }

            var classes = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, object?> shape in _shapes.Members)
            {
                if (shape.Value is ModelJsonObject definition && definition.String("type") == "structure" && !wrappers.Contains(shape.Key) && definition["error"] == null && definition["exception"] == null)
                {
                    classes.Add(Class(shape.Key, shape.Key, definition, definition.String("documentation")));
                }
            }

            foreach (string operation in requests)
            {
                string input = _operations.Object(operation)?.Object("input")?.String("shape")
                    ?? throw new FormatException($"ModelRequests names {operation}, an operation without an input in the model (add it to tools/models/trim.py)");
                classes.Add(Class(operation + "Request", input, _shapes.Object(input)!, $"What {operation} takes (the model's {input})."));
            }

            return classes.Concat(_enums.Select(Enum));
        }

        private KeyValuePair<string, string> Class(string name, string shapeName, ModelJsonObject definition, string? documentation)
        {
            StringBuilder code = Begin();
            Summary(code, "    ", documentation ?? $"The model's {shapeName} shape.");
            code.Append("    ").AppendLine(Generated);
            code.Append("    public sealed partial class ").AppendLine(name).AppendLine("    {");
            bool first = true;
            foreach (KeyValuePair<string, object?> member in (definition.Object("members") ?? new ModelJsonObject()).Members)
            {
                if (member.Value is not ModelJsonObject target || _handWritten.Contains(_namespace + "." + name + "." + member.Key))
                {
                    continue;
                }

                code.Append(first ? string.Empty : "\n");
                first = false;
                Summary(code, "        ", target.String("documentation"));
                string type = TypeOf(target.String("shape")!, out string? initialValue);
                code.Append("        public ").Append(type).Append(' ').Append(member.Key).Append(" { get; set; }");
                code.AppendLine(initialValue == null ? string.Empty : " = " + initialValue + ";");
            }

            return End(name, code);
        }

        private KeyValuePair<string, string> Enum(string name)
        {
            StringBuilder code = Begin();
            Summary(code, "    ", $"The values of the model's {name} (strings on the wire; the codec checks every value against the model).");
            code.Append("    ").AppendLine(Generated);
            code.Append("    public static class ").AppendLine(name).AppendLine("    {");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (string value in (_shapes.Object(name)!["enum"] as List<object?> ?? new List<object?>()).OfType<string>())
            {
                string constant = ConstantName(value);
                while (!names.Add(constant))
                {
                    constant += "_";
                }

                code.Append(names.Count == 1 ? string.Empty : "\n");
                code.Append("        public const string ").Append(constant).Append(" = \"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).AppendLine("\";");
            }

            return End(name, code);
        }

        /// <summary>The C# type of a member targeting <paramref name="shapeName"/>, and the initial value of a list or map.</summary>
        private string TypeOf(string shapeName, out string? initialValue)
        {
            ModelJsonObject shape = _shapes.Object(shapeName) ?? throw new FormatException($"The model has no shape '{shapeName}'");
            initialValue = null;
            string type;
            switch (shape.String("type"))
            {
                case "list":
                    type = "global::System.Collections.Generic.List<" + ItemType(shape.Object("member")!) + ">";
                    initialValue = "new " + type + "()";
                    return type;
                case "map":
                    type = "global::System.Collections.Generic.Dictionary<" + ItemType(shape.Object("key")!) + ", " + ItemType(shape.Object("value")!) + ">";
                    initialValue = "new " + type + "()";
                    return type;
                case "string" when shape["enum"] != null:
                    _enums.Add(shapeName);
                    return "string?";
                default:
                    return ItemType(shapeName) + "?";
            }
        }

        private string ItemType(ModelJsonObject reference) => TypeOf(reference.String("shape")!, out string? _).TrimEnd('?');

        private string ItemType(string shapeName)
        {
            switch (_shapes.Object(shapeName)?.String("type"))
            {
                case "string": return "string";
                case "integer": return "int";
                case "long": return "long";
                case "double":
                case "float": return "double";
                case "boolean": return "bool";
                case "timestamp": return "global::System.DateTime";
                case "blob": return "byte[]";
                case "structure": return shapeName;
                default: return TypeOf(shapeName, out string? _);
            }
        }

        /// <summary>"fixed-response" -> FixedResponse, "INSUFFICIENT_DATA" -> InsufficientData, "unhealthy.draining" -> UnhealthyDraining.</summary>
        private static string ConstantName(string value)
        {
            var name = new StringBuilder();
            foreach (string word in value.Split(value.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries))
            {
                bool shout = word.All(c => !char.IsLower(c));
                name.Append(char.ToUpperInvariant(word[0])).Append(shout ? word.Substring(1).ToLowerInvariant() : word.Substring(1));
            }

            return name.Length == 0 || char.IsDigit(name[0]) ? "Value" + name : name.ToString();
        }

        private StringBuilder Begin() =>
            new StringBuilder("// <auto-generated>Written by BlueGreen.Aws.ModelGenerator from the service model; edit a partial class, not this.</auto-generated>\n#nullable enable\n\nnamespace ")
                .AppendLine(_namespace).AppendLine("{");

        private KeyValuePair<string, string> End(string name, StringBuilder code) =>
            new KeyValuePair<string, string>(_namespace + "." + name + ".g.cs", code.AppendLine("    }").AppendLine("}").ToString());

        private static void Summary(StringBuilder code, string indent, string? text)
        {
            if (!string.IsNullOrEmpty(text))
            {
                code.Append(indent).Append("/// <summary>").Append(text!.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")).AppendLine("</summary>");
            }
        }
    }
}
