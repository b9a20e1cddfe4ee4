namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The response a fixed-response action returns.</summary>
    public sealed class FixedResponseActionConfig
    {
        public string? MessageBody { get; set; }

        public string? StatusCode { get; set; }

        public string? ContentType { get; set; }
    }
}
