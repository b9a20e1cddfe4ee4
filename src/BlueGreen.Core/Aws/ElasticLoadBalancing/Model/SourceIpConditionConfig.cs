namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>CIDR blocks a source-ip condition matches.</summary>
    public sealed class SourceIpConditionConfig
    {
        public List<string> Values { get; set; } = new List<string>();
    }
}
