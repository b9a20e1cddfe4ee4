namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A target: an instance id, IP address, Lambda ARN or ALB ARN, with an optional port.</summary>
    public sealed class TargetDescription
    {
        public string? Id { get; set; }

        public int? Port { get; set; }

        public string? AvailabilityZone { get; set; }
    }
}
