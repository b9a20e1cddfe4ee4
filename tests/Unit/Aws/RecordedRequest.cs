using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>One HTTP request as the SDK sent it: method, URI, headers and the form body, decoded.</summary>
    internal sealed class RecordedRequest
    {
        internal RecordedRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Body = body;
            Form = body.Length == 0
                ? new List<KeyValuePair<string, string>>()
                : body.Split('&').Select(pair => pair.Split(new[] { '=' }, 2))
                    .Select(parts => new KeyValuePair<string, string>(WebUtility.UrlDecode(parts[0]), WebUtility.UrlDecode(parts.Length > 1 ? parts[1] : string.Empty)))
                    .ToList();
        }

        internal string Method { get; }

        internal Uri Uri { get; }

        internal IReadOnlyDictionary<string, string> Headers { get; }

        internal string Body { get; }

        /// <summary>The form parameters in the order they were sent.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> Form { get; }

        internal IDictionary<string, string> FormDictionary => Form.ToDictionary(pair => pair.Key, pair => pair.Value);
    }
}
