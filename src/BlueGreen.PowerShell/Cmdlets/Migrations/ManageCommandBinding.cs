using System.Collections;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>Turns the manage-command parameters of the migration cmdlets into the engine's <see cref="ManageCommand"/>.</summary>
    internal static class ManageCommandBinding
    {
        /// <summary>Relative working directories are resolved against the current PowerShell location (on the pipeline thread).</summary>
        internal static ManageCommand Create(PSCmdlet cmdlet, string[] commandLine, string? workingDirectory, IDictionary? environment)
        {
            string? directory = string.IsNullOrEmpty(workingDirectory)
                ? null
                : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(workingDirectory);
            return ManageCommand.FromCommandLine(commandLine, directory, ToEnvironment(environment));
        }

        internal static IReadOnlyDictionary<string, string?> ToEnvironment(IDictionary? environment)
        {
            var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (environment == null)
            {
                return variables;
            }

            foreach (DictionaryEntry entry in environment)
            {
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                variables[entry.Key.ToString() ?? string.Empty] = value?.ToString();
            }

            return variables;
        }
    }
}
