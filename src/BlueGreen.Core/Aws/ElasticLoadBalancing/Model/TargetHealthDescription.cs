namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A registered target and its health.</summary>
    public sealed class TargetHealthDescription
    {
        public TargetDescription? Target { get; set; }

        public string? HealthCheckPort { get; set; }

        public TargetHealth? TargetHealth { get; set; }
    }
}
