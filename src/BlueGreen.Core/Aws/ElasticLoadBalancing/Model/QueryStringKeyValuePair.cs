namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>One query-string key/value pair (the key is optional).</summary>
    public sealed class QueryStringKeyValuePair
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
