namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A server certificate of an HTTPS listener (an ACM or IAM certificate ARN).</summary>
    internal sealed class ListenerCertificate
    {
        internal ListenerCertificate(string certificateArn, bool? isDefault)
        {
            CertificateArn = certificateArn;
            IsDefault = isDefault;
        }

        internal string CertificateArn { get; }

        internal bool? IsDefault { get; }
    }
}
