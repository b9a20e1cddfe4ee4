using System.Text.RegularExpressions;

namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>
    /// Builds a redirect's Location as ALB does: each part is a literal or uses the placeholders <c>#{protocol}</c>,
    /// <c>#{host}</c>, <c>#{port}</c>, <c>#{path}</c> (the request path without its leading slash) and <c>#{query}</c>
    /// (without the '?'); the scheme is lower case, the port is left out when it is the scheme's default.
    /// </summary>
    internal static class RedirectLocation
    {
        private static readonly Regex Placeholder = new Regex(@"#\{(protocol|host|port|path|query)\}", RegexOptions.CultureInvariant);

        internal static string Build(RoutedAction redirect, string protocol, string host, int port, string path, string query)
        {
            // One pass over the template: a request's own path or query that spells a placeholder stays as sent.
            string Fill(string? template, string fallback) =>
                Placeholder.Replace(template ?? fallback, m => m.Groups[1].Value switch
                {
                    "protocol" => protocol,
                    "host" => host,
                    "port" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "path" => path.StartsWith("/", StringComparison.Ordinal) ? path.Substring(1) : path,
                    _ => query.StartsWith("?", StringComparison.Ordinal) ? query.Substring(1) : query,
                });

            string scheme = Fill(redirect.RedirectProtocol, "#{protocol}").ToLowerInvariant();
            string toHost = Fill(redirect.RedirectHost, "#{host}");
            string toPort = Fill(redirect.RedirectPort, "#{port}");
            string toPath = Fill(redirect.RedirectPath, "/#{path}");
            string toQuery = Fill(redirect.RedirectQuery, "#{query}");
            bool defaultPort = (scheme == "http" && toPort == "80") || (scheme == "https" && toPort == "443");
            return $"{scheme}://{toHost}{(defaultPort ? string.Empty : ":" + toPort)}{(toPath.StartsWith("/", StringComparison.Ordinal) ? toPath : "/" + toPath)}{(toQuery.Length > 0 ? "?" + toQuery : string.Empty)}";
        }

        /// <summary>HTTP_301 is 301, anything else ALB allows (HTTP_302) is 302.</summary>
        internal static int StatusOf(RoutedAction redirect) => redirect.StatusCode == "HTTP_301" ? 301 : 302;
    }
}
