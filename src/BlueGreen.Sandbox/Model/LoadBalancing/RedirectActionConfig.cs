namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A redirect: each part is a literal or keeps the request's (<c>#{protocol}</c>, <c>#{host}</c>, ...).</summary>
    internal sealed class RedirectActionConfig
    {
        internal RedirectActionConfig(string protocol, string port, string host, string path, string query, string statusCode)
        {
            Protocol = protocol;
            Port = port;
            Host = host;
            Path = path;
            Query = query;
            StatusCode = statusCode;
        }

        internal string Protocol { get; }

        internal string Port { get; }

        internal string Host { get; }

        internal string Path { get; }

        internal string Query { get; }

        /// <summary><c>HTTP_301</c> or <c>HTTP_302</c>.</summary>
        internal string StatusCode { get; }
    }
}
