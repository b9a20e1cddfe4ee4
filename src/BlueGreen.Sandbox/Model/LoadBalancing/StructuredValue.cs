using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// A nested Query protocol structure kept as it came (e.g. an AuthenticateOidcConfig with its
    /// <c>AuthenticationRequestExtraParams.entry.1.key</c>), so it can be written back as the matching XML:
    /// <c>&lt;AuthenticationRequestExtraParams&gt;&lt;entry&gt;&lt;key&gt;</c>. Numbered segments become repeated elements.
    /// </summary>
    internal sealed class StructuredValue
    {
        private StructuredValue(string? scalar, IReadOnlyList<KeyValuePair<string, StructuredValue>> members)
        {
            Scalar = scalar;
            Members = members;
        }

        /// <summary>The text of a leaf, or null for a structure or list.</summary>
        internal string? Scalar { get; }

        /// <summary>Named members of a structure, or numbered items (names "1", "2", ...) of a list, in order.</summary>
        internal IReadOnlyList<KeyValuePair<string, StructuredValue>> Members { get; }

        /// <summary>True when every member is a numbered item.</summary>
        internal bool IsList => Members.Count > 0 && Members.All(m => IsIndex(m.Key));

        internal static StructuredValue FromParameters(QueryParameters parameters, IEnumerable<string> excludedMembers)
        {
            var excluded = new HashSet<string>(excludedMembers, StringComparer.Ordinal);
            var root = new Node();
            foreach (string key in parameters.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                string[] segments = key.Split('.');
                if (excluded.Contains(segments[0]))
                {
                    continue;
                }

                Node node = root;
                foreach (string segment in segments)
                {
                    node = node.Child(segment);
                }

                node.Scalar = parameters[key];
            }

            return root.Freeze();
        }

        internal string? Member(string name) => Members.FirstOrDefault(m => m.Key == name).Value?.Scalar;

        private static bool IsIndex(string segment) =>
            int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _);

        private sealed class Node
        {
            private readonly List<KeyValuePair<string, Node>> _children = new List<KeyValuePair<string, Node>>();

            internal string? Scalar { get; set; }

            internal Node Child(string name)
            {
                foreach (KeyValuePair<string, Node> child in _children)
                {
                    if (child.Key == name)
                    {
                        return child.Value;
                    }
                }

                var node = new Node();
                _children.Add(new KeyValuePair<string, Node>(name, node));
                return node;
            }

            internal StructuredValue Freeze()
            {
                // Numbered items in numeric order (10 after 9), named members in the order they were sorted in.
                IEnumerable<KeyValuePair<string, Node>> ordered = _children.All(c => IsIndex(c.Key))
                    ? _children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))
                    : _children;
                return new StructuredValue(_children.Count == 0 ? Scalar ?? string.Empty : null,
                    ordered.Select(c => new KeyValuePair<string, StructuredValue>(c.Key, c.Value.Freeze())).ToList());
            }
        }
    }
}
