using System.Text.RegularExpressions;
using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The layout of facts too long for the one facts value (the names of a fleet of up to 1,000 machines: about 13 KB
    /// with a short prefix). Every fact still fits: the longest ones are moved out of the facts value, longest first,
    /// until it fits 4 KB; each moved fact is cut into pages of at most 4 KB under
    /// <c>journal/&lt;id&gt;/facts-&lt;key&gt;/&lt;slot&gt;&lt;NNN&gt;</c>, and the facts value says which slot (a or b) and how many
    /// pages hold it. A changed fact is written into the slot the facts value does not point at, all its pages at
    /// once, and the facts value last: a crash part-way leaves the facts value pointing at the old, whole pages, so a
    /// journal is never read half-written. A fact not changed keeps its pages (nothing rewritten). When every fact fits,
    /// nothing is paged and the journal is exactly as before paging (and journals written then read as they always did).
    /// </summary>
    internal static class FactPages
    {
        internal const string SlotA = "a";
        internal const string SlotB = "b";

        /// <summary>The JSON of a page without its text, with room to spare.</summary>
        private const int PageOverhead = 64;

        private static readonly Regex KeyPattern = new Regex("^[A-Za-z][A-Za-z0-9]{0,31}\\z", RegexOptions.CultureInvariant);

        internal static bool CanPage(string key) => KeyPattern.IsMatch(key);

        internal static string PathSegment(string key) => CanPage(key) ? "facts-" + key : throw new ArgumentException($"Fact '{key}' cannot be paged: its key is not a short word.", nameof(key));

        internal static string RequireSlot(string slot) => slot == SlotA || slot == SlotB ? slot : throw new ArgumentException($"'{slot}' is not a page slot (a or b).", nameof(slot));

        internal static string OtherSlot(string slot) => slot == SlotA ? SlotB : SlotA;

        /// <summary>
        /// Which facts go into pages so the facts value fits: none when all fit; else the longest pageable ones,
        /// longest first, until the rest fits (what is left too large is refused by the codec as StateValueTooLarge).
        /// </summary>
        internal static HashSet<string> ChoosePaged(IReadOnlyDictionary<string, string> facts, Func<IReadOnlyDictionary<string, string>, HashSet<string>, int> sizeWith)
        {
            var paged = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fact in facts.Where(f => CanPage(f.Key) && f.Value.Length > 0).OrderByDescending(f => f.Value.Length).ThenBy(f => f.Key, StringComparer.Ordinal))
            {
                if (sizeWith(facts, paged) <= ParameterStoreLimits.MaxValueBytes)
                {
                    break;
                }

                paged.Add(fact.Key);
            }

            return paged;
        }

        /// <summary>
        /// Cuts <paramref name="text"/> into pages each of whose JSON fits one value, counting every character at
        /// what JSON may make of it (6 bytes for a character it escapes or that is not ASCII, never splitting a
        /// surrogate pair), so no page is ever refused.
        /// </summary>
        internal static List<string> Split(string text)
        {
            var pages = new List<string>();
            int budget = ParameterStoreLimits.MaxValueBytes - PageOverhead;
            int start = 0;
            int used = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                int cost = c < 0x80 && !char.IsControl(c) && c != '"' && c != '\\' ? 1 : 6;
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (pair)
                {
                    cost = 12;
                }

                if (used + cost > budget)
                {
                    pages.Add(text.Substring(start, i - start));
                    start = i;
                    used = 0;
                }

                used += cost;
                if (pair)
                {
                    i++;
                }
            }

            pages.Add(text.Substring(start));
            return pages;
        }
    }
}
