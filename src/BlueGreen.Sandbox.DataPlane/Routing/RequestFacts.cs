using System.Net;

namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>What ALB's rule conditions look at in a request.</summary>
    internal sealed class RequestFacts(string method, string path, string host, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, IReadOnlyList<KeyValuePair<string, string>> query, IPAddress? sourceIp)
    {
        internal string Method { get; } = method;

        /// <summary>The path without the query string, as sent (e.g. <c>/api/items</c>).</summary>
        internal string Path { get; } = path;

        /// <summary>The Host header without its port.</summary>
        internal string Host { get; } = host;

        /// <summary>Header values by name; the dictionary must compare names case-insensitively.</summary>
        internal IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; } = headers;

        /// <summary>The query string's pairs, URL-decoded; a bare <c>?flag</c> has an empty value.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> Query { get; } = query;

        internal IPAddress? SourceIp { get; } = sourceIp;
    }
}
