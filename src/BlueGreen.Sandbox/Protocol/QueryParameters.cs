using System.Globalization;
using System.Net;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// The flat key/value parameters of an AWS Query protocol request (<c>Action=...&amp;Version=...&amp;Targets.member.1.Id=...</c>)
    /// with views on their nested structure: <see cref="Section"/> for a structure member, <see cref="Items"/> and
    /// <see cref="Values"/> for lists serialized as <c>Prefix.1</c>, <c>Prefix.2</c> (EC2) or
    /// <c>Prefix.member.1</c> (ELBv2: pass <c>"Prefix.member"</c>).
    /// </summary>
    internal sealed class QueryParameters(IReadOnlyDictionary<string, string> values)
    {
        private readonly IReadOnlyDictionary<string, string> _values = values;

        internal static QueryParameters Empty { get; } = new QueryParameters(new Dictionary<string, string>(StringComparer.Ordinal));

        /// <summary>Decodes <c>application/x-www-form-urlencoded</c> text (a POST body or a URL query string).</summary>
        internal static QueryParameters ParseForm(params string?[] forms)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string? form in forms)
            {
                if (string.IsNullOrEmpty(form))
                {
                    continue;
                }

                foreach (string pair in form!.TrimStart('?').Split('&'))
                {
                    if (pair.Length == 0)
                    {
                        continue;
                    }

                    int equals = pair.IndexOf('=');
                    string key = Decode(equals < 0 ? pair : pair.Substring(0, equals));
                    string value = equals < 0 ? string.Empty : Decode(pair.Substring(equals + 1));
                    values[key] = value;
                }
            }

            return new QueryParameters(values);
        }

        internal IEnumerable<string> Keys => _values.Keys;

        /// <summary>Every parameter by name, as the model-driven codec (<c>QueryForm.Read</c>) takes them.</summary>
        internal IReadOnlyDictionary<string, string> All => _values;

        internal int Count => _values.Count;

        internal bool IsEmpty => _values.Count == 0;

        internal string? this[string key] => _values.TryGetValue(key, out string? value) ? value : null;

        internal bool Has(string key) => _values.ContainsKey(key);

        /// <summary>True when the key or any nested key under it is present.</summary>
        internal bool HasAny(string prefix) =>
            _values.ContainsKey(prefix) || _values.Keys.Any(k => k.StartsWith(prefix + ".", StringComparison.Ordinal));

        /// <summary>The members of a nested structure: keys under <c>prefix.</c>, with the prefix removed.</summary>
        internal QueryParameters Section(string prefix)
        {
            string start = prefix + ".";
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in _values)
            {
                if (pair.Key.StartsWith(start, StringComparison.Ordinal))
                {
                    values[pair.Key.Substring(start.Length)] = pair.Value;
                }
            }

            return new QueryParameters(values);
        }

        /// <summary>The structures of a list (<c>prefix.N.Member</c>), in index order.</summary>
        internal IReadOnlyList<QueryParameters> Items(string prefix)
        {
            string start = prefix + ".";
            var indexes = new SortedSet<int>();
            foreach (string key in _values.Keys)
            {
                if (!key.StartsWith(start, StringComparison.Ordinal))
                {
                    continue;
                }

                string rest = key.Substring(start.Length);
                int dot = rest.IndexOf('.');
                if (dot > 0 && int.TryParse(rest.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    indexes.Add(index);
                }
            }

            return indexes.Select(i => Section(prefix + "." + i.ToString(CultureInfo.InvariantCulture))).ToList();
        }

        /// <summary>The scalar values of a list (<c>prefix.N=value</c>), in index order.</summary>
        internal IReadOnlyList<string> Values(string prefix)
        {
            string start = prefix + ".";
            var found = new SortedDictionary<int, string>();
            foreach (KeyValuePair<string, string> pair in _values)
            {
                if (pair.Key.StartsWith(start, StringComparison.Ordinal)
                    && int.TryParse(pair.Key.Substring(start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    found[index] = pair.Value;
                }
            }

            return found.Values.ToList();
        }

        /// <summary>Every parameter but the named ones, sorted: a canonical form for comparing two requests.</summary>
        internal string Fingerprint(params string[] excluded) =>
            string.Join("&", _values
                .Where(p => !excluded.Contains(p.Key, StringComparer.Ordinal))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

        private static string Decode(string text) => WebUtility.UrlDecode(text);
    }
}
