namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>Host names a host-header condition matches.</summary>
    public sealed class HostHeaderConditionConfig
    {
        public List<string> Values { get; set; } = new List<string>();
    }
}
