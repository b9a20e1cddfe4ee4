namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The codes a healthy target answers health checks with.</summary>
    public sealed class Matcher
    {
        /// <summary>e.g. 200 or 200-299.</summary>
        public string? HttpCode { get; set; }

        public string? GrpcCode { get; set; }
    }
}
