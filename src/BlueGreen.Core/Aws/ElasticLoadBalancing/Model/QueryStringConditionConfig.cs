namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>Key/value pairs a query-string condition matches.</summary>
    public sealed class QueryStringConditionConfig
    {
        public List<QueryStringKeyValuePair> Values { get; set; } = new List<QueryStringKeyValuePair>();
    }
}
