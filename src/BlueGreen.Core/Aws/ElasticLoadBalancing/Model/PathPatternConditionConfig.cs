namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>Path patterns a path-pattern condition matches.</summary>
    public sealed class PathPatternConditionConfig
    {
        public List<string> Values { get; set; } = new List<string>();
    }
}
