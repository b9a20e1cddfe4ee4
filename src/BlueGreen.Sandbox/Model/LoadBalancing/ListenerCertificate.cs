namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A server certificate of an HTTPS listener (an ACM or IAM certificate ARN).</summary>
    internal sealed record ListenerCertificate(string CertificateArn, bool? IsDefault);
}
