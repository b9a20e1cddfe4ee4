namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A server certificate of an HTTPS or TLS listener.</summary>
    public sealed class Certificate
    {
        public string? CertificateArn { get; set; }

        public bool? IsDefault { get; set; }
    }
}
