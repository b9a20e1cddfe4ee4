using System.Collections;
using System.IO;
using System.Management.Automation.Language;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Configuration
{
    /// <summary>
    /// Reads a bluegreen.psd1 with PowerShell's data-file rules (the parser plus SafeGetValue: literals only, no
    /// code runs) and hands the key/value tree to the engine's <see cref="ProjectConfigurationReader"/>.
    /// </summary>
    internal static class ConfigurationFile
    {
        internal static ProjectConfiguration Load(string path)
        {
            if (!File.Exists(path))
            {
                throw new BlueGreenException("ConfigurationNotFound", FailureCategory.ObjectNotFound,
                    $"The configuration file '{path}' does not exist. Create one with New-BgConfiguration, or pass -ConfigPath with the right path.", path);
            }

            ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
            if (errors.Length > 0)
            {
                ParseError first = errors[0];
                throw new BlueGreenException("ConfigurationSyntaxError", FailureCategory.InvalidData,
                    $"{path}:{first.Extent.StartLineNumber}:{first.Extent.StartColumnNumber}: {first.Message} Fix the file so that it is one PowerShell hashtable @{{ ... }}.", path);
            }

            HashtableAst? table = ast.EndBlock?.Statements.Count == 1 && ast.ParamBlock == null && ast.BeginBlock == null && ast.ProcessBlock == null
                ? (ast.EndBlock.Statements[0] as PipelineAst)?.GetPureExpression() as HashtableAst
                : null;
            if (table == null)
            {
                throw new BlueGreenException("ConfigurationNotHashtable", FailureCategory.InvalidData,
                    $"{path} must contain exactly one hashtable @{{ ... }} and nothing else. See New-BgConfiguration for a commented example.", path);
            }

            object value;
            try
            {
                value = table.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                throw new BlueGreenException("ConfigurationNotLiteral", FailureCategory.InvalidData,
                    $"{path} may hold only literals (strings, numbers, @() lists, @{{}} sections): {ex.Message} Replace variables and commands with their values.", path, ex);
            }

            return ProjectConfigurationReader.Read(ToDictionary((Hashtable)value), path);
        }

        private static IDictionary<string, object?> ToDictionary(IDictionary table)
        {
            var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in table)
            {
                result[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Normalize(entry.Value);
            }

            return result;
        }

        private static object? Normalize(object? value) => value switch
        {
            IDictionary nested => ToDictionary(nested),
            string text => text,
            IEnumerable items => items.Cast<object?>().Select(Normalize).ToList(),
            _ => value,
        };
    }
}
