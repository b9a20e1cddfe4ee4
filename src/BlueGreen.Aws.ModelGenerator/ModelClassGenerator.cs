using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BlueGreen.Aws.ModelGenerator
{
    /// <summary>
    /// Writes a project's model classes from the service models it is given as AdditionalFiles with a
    /// <c>ModelNamespace</c> (and <c>ModelRequests</c>: the operations, comma-separated (a ";" would end the value in the compiler's .editorconfig), whose input is a <c>{Operation}Request</c> class).
    /// A member that a hand-written <c>partial</c> of the class declares is left out, so the partial may give it
    /// another type (e.g. <c>Rule.IsDefault</c> as bool).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelClassGenerator : IIncrementalGenerator
    {
        private static readonly DiagnosticDescriptor Unreadable = new DiagnosticDescriptor(
            "BGMG001", "Service model not readable", "The service model {0} could not be read: {1}. Regenerate it with tools/models/trim.py.",
            "BlueGreen.Aws.ModelGenerator", DiagnosticSeverity.Error, isEnabledByDefault: true);

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<(string Path, string Namespace, string Requests, string Text)> models = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select((pair, cancellationToken) =>
                {
                    AnalyzerConfigOptions options = pair.Right.GetOptions(pair.Left);
                    options.TryGetValue("build_metadata.AdditionalFiles.ModelNamespace", out string? ns);
                    options.TryGetValue("build_metadata.AdditionalFiles.ModelRequests", out string? requests);
                    string text = string.IsNullOrEmpty(ns) ? string.Empty : pair.Left.GetText(cancellationToken)?.ToString() ?? string.Empty;
                    return (Path: pair.Left.Path, Namespace: ns ?? string.Empty, Requests: requests ?? string.Empty, Text: text);
                })
                .Where(model => model.Namespace.Length > 0);

            // "Namespace.Class.Member" of every member declared in a hand-written partial class.
            IncrementalValueProvider<ImmutableArray<string>> handWritten = context.SyntaxProvider
                .CreateSyntaxProvider(
                    (node, _) => node is ClassDeclarationSyntax type && type.Modifiers.Any(SyntaxKind.PartialKeyword),
                    (syntax, _) => DeclaredMembers((ClassDeclarationSyntax)syntax.Node))
                .SelectMany((members, _) => members)
                .Collect();

            context.RegisterSourceOutput(models.Combine(handWritten), (output, pair) =>
            {
                (string path, string ns, string requests, string text) = pair.Left;
                ModelJsonObject model;
                try
                {
                    model = ModelJson.Parse(text) as ModelJsonObject ?? throw new FormatException("The document is not a JSON object.");
                }
                catch (FormatException e)
                {
                    output.ReportDiagnostic(Diagnostic.Create(Unreadable, Location.None, path, e.Message));
                    return;
                }

                var writer = new ModelClassWriter(model, ns, new HashSet<string>(pair.Right, StringComparer.Ordinal));
                foreach (KeyValuePair<string, string> source in writer.Write(requests.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim())))
                {
                    output.AddSource(source.Key, source.Value);
                }
            });
        }

        private static ImmutableArray<string> DeclaredMembers(ClassDeclarationSyntax type)
        {
            string ns = string.Join(".", type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));
            string prefix = ns + "." + type.Identifier.ValueText + ".";
            return type.Members.OfType<PropertyDeclarationSyntax>().Select(p => prefix + p.Identifier.ValueText).ToImmutableArray();
        }
    }
}
