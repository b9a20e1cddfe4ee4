using System.Text.RegularExpressions;

namespace BlueGreen.Smoke
{
    /// <summary>The load balancer's condition wildcards: '*' any characters (also none), '?' exactly one.</summary>
    internal static class Wildcard
    {
        internal static bool IsMatch(string pattern, string text, bool ignoreCase)
        {
            string regex = "^" + string.Concat(pattern.Select(ch => ch == '*' ? ".*" : ch == '?' ? "." : Regex.Escape(ch.ToString()))) + "\\z";
            return Regex.IsMatch(text, regex, RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        }

        /// <summary>A value the patterns match: the first without wildcards, else the first with each wildcard made '1'; null when there are none.</summary>
        internal static string? Example(IEnumerable<string> patterns)
        {
            List<string> list = patterns.Where(p => p.Length > 0).ToList();
            string? literal = list.FirstOrDefault(p => p.IndexOfAny(new[] { '*', '?' }) < 0);
            return literal ?? list.Select(p => p.Replace('*', '1').Replace('?', '1')).FirstOrDefault();
        }
    }
}
