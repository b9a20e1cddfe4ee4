namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>Where a redirect action sends the client; components may use #{protocol}, #{host}, #{port}, #{path}, #{query}.</summary>
    public sealed class RedirectActionConfig
    {
        public string? Protocol { get; set; }

        public string? Port { get; set; }

        public string? Host { get; set; }

        public string? Path { get; set; }

        public string? Query { get; set; }

        /// <summary>HTTP_301 or HTTP_302.</summary>
        public string? StatusCode { get; set; }
    }
}
