namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>HTTP methods an http-request-method condition matches.</summary>
    public sealed class HttpRequestMethodConditionConfig
    {
        public List<string> Values { get; set; } = new List<string>();
    }
}
