using System.Text.Json.Nodes;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A redirect: each part is a literal or keeps the request's (<c>#{protocol}</c>, <c>#{host}</c>, ...).</summary>
    internal sealed class RedirectActionConfig(string protocol, string port, string host, string path, string query, string statusCode)
    {
        internal string Protocol { get; } = protocol;

        internal string Port { get; } = port;

        internal string Host { get; } = host;

        internal string Path { get; } = path;

        internal string Query { get; } = query;

        /// <summary><c>HTTP_301</c> or <c>HTTP_302</c>.</summary>
        internal string StatusCode { get; } = statusCode;

        /// <summary>A redirect from its RedirectActionConfig shape (status code and protocol pattern already checked by the codec); unset parts keep the request's.</summary>
        internal static RedirectActionConfig FromShape(JsonObject config)
        {
            string path = (string?)config["Path"] ?? "/#{path}";
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                throw ElbV2Validation.Error($"Redirect path '{path}' must start with '/'");
            }

            return new RedirectActionConfig((string?)config["Protocol"] ?? "#{protocol}", (string?)config["Port"] ?? "#{port}", (string?)config["Host"] ?? "#{host}",
                path, (string?)config["Query"] ?? "#{query}", (string)config["StatusCode"]!);
        }

        internal JsonObject ToShape() => new JsonObject
        {
            ["Protocol"] = Protocol, ["Port"] = Port, ["Host"] = Host, ["Path"] = Path, ["Query"] = Query, ["StatusCode"] = StatusCode,
        };
    }
}
