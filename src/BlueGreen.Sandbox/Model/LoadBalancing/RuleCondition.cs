using System.Collections.Generic;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// One condition of a rule: <c>path-pattern</c>, <c>host-header</c>, <c>http-header</c>, <c>query-string</c>,
    /// <c>http-request-method</c> or <c>source-ip</c>, with its values.
    /// </summary>
    internal sealed class RuleCondition
    {
        internal const string PathPattern = "path-pattern";
        internal const string HostHeader = "host-header";
        internal const string HttpHeader = "http-header";
        internal const string QueryString = "query-string";
        internal const string HttpRequestMethod = "http-request-method";
        internal const string SourceIp = "source-ip";

        internal static readonly string[] Fields = { HttpHeader, HttpRequestMethod, HostHeader, PathPattern, QueryString, SourceIp };

        internal RuleCondition(string field, IReadOnlyList<string> values, string? httpHeaderName = null,
            IReadOnlyList<KeyValuePair<string?, string>>? queryStrings = null)
        {
            Field = field;
            Values = values;
            HttpHeaderName = httpHeaderName;
            QueryStrings = queryStrings ?? new List<KeyValuePair<string?, string>>();
        }

        internal string Field { get; }

        /// <summary>The patterns, host names, header values, methods or CIDRs (empty for query-string).</summary>
        internal IReadOnlyList<string> Values { get; }

        internal string? HttpHeaderName { get; }

        /// <summary>For query-string: key (optional) / value pairs.</summary>
        internal IReadOnlyList<KeyValuePair<string?, string>> QueryStrings { get; }
    }
}
