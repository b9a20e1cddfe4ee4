namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What CreateTargetGroup takes: the new group's name, its settings and tags.</summary>
    public sealed class CreateTargetGroupRequest : TargetGroupSettings
    {
        public string? Name { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
