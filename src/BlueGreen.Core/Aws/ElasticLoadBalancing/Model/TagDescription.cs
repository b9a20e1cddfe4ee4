namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The tags of one resource.</summary>
    public sealed class TagDescription
    {
        public string? ResourceArn { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
