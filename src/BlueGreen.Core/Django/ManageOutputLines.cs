using System.Text.RegularExpressions;

namespace BlueGreen.Django
{
    /// <summary>
    /// Lines Django (or Python) may print around the output BlueGreen reads and that are safe to skip: system-check
    /// reports and Python warnings. Anything else that is not understood is an error, never silently ignored: a
    /// misread plan could unapply the wrong migrations.
    /// </summary>
    internal static class ManageOutputLines
    {
        private static readonly Regex SystemCheck = new Regex(
            @"^(WARNINGS:|ERRORS:|System check identified .*|\S*: \([A-Za-z0-9_.]+\.[EWIC]\d{3}\) .*|\s+HINT: .*)$",
            RegexOptions.CultureInvariant);

        private static readonly Regex PythonWarning = new Regex(@"^\S.*:\d+: [A-Za-z]*Warning: .*$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The lines a parser reads, cleaned, with their numbers (1 for the first line printed): blank lines and
        /// diagnostics (<see cref="IsDiagnostic"/>) are left out.
        /// </summary>
        internal static IEnumerable<(int Number, string Line)> Meaningful(IEnumerable<string> lines)
        {
            bool previousWasWarning = false;
            int number = 0;
            foreach (string raw in lines)
            {
                number++;
                string line = Clean(raw);
                if (line.Trim().Length > 0 && !IsDiagnostic(line, ref previousWasWarning))
                {
                    yield return (number, line);
                }
            }
        }

        internal static bool IsDiagnostic(string line, ref bool previousWasPythonWarning)
        {
            if (previousWasPythonWarning && line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                // The source line Python prints under a warning.
                previousWasPythonWarning = false;
                return true;
            }

            previousWasPythonWarning = PythonWarning.IsMatch(line);
            return previousWasPythonWarning || SystemCheck.IsMatch(line);
        }

        internal static string Clean(string line) => line.TrimEnd('\r', '\n', ' ', '\t');
    }
}
