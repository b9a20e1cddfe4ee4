using System;

namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>
    /// Builds a redirect's Location as ALB does: each part is a literal or uses the placeholders <c>#{protocol}</c>,
    /// <c>#{host}</c>, <c>#{port}</c>, <c>#{path}</c> (the request path without its leading slash) and <c>#{query}</c>
    /// (without the '?'); the scheme is lower case, the port is left out when it is the scheme's default.
    /// </summary>
    internal static class RedirectLocation
    {
        internal static string Build(RoutedAction redirect, string protocol, string host, int port, string path, string query)
        {
            string Fill(string? template, string fallback) =>
                (template ?? fallback)
                    .Replace("#{protocol}", protocol, StringComparison.Ordinal)
                    .Replace("#{host}", host, StringComparison.Ordinal)
                    .Replace("#{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("#{path}", path.TrimStart('/'), StringComparison.Ordinal)
                    .Replace("#{query}", query.TrimStart('?'), StringComparison.Ordinal);

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
