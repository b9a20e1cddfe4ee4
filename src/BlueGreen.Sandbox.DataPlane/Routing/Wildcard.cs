namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>ALB's condition patterns: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one.</summary>
    internal static class Wildcard
    {
        internal static bool IsMatch(string pattern, string text, bool ignoreCase)
        {
            // Iterative match with backtracking to the last '*': linear for the patterns ALB allows (at most 128 chars).
            int p = 0, t = 0, star = -1, resume = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
                {
                    p++;
                    t++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = t;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    t = ++resume;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static bool Same(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
