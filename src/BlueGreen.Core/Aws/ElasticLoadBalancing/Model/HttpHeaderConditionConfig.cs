namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A header name and the values an http-header condition matches.</summary>
    public sealed class HttpHeaderConditionConfig
    {
        public string? HttpHeaderName { get; set; }

        public List<string> Values { get; set; } = new List<string>();
    }
}
