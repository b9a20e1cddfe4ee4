namespace BlueGreen.Aws
{
    /// <summary>
    /// What the caller said about where and as whom to call AWS. Anything left null is resolved the way the
    /// AWS SDK and CLI resolve it (environment, shared config/credentials files, SSO, instance metadata).
    /// An explicit <see cref="EndpointUrl"/> wins over AWS_ENDPOINT_URL_&lt;SERVICE&gt; and AWS_ENDPOINT_URL.
    /// </summary>
    public sealed class AwsConnectionSettings
    {
        public string? Region { get; set; }

        public string? ProfileName { get; set; }

        public Uri? EndpointUrl { get; set; }

        /// <summary>
        /// At most this many AWS calls in flight at once (1 to 100); null: <see cref="Configuration.AwsSettings.DefaultMaxConcurrentRequests"/>.
        /// From <c>Aws.MaxConcurrentRequests</c> in bluegreen.psd1.
        /// </summary>
        public int? MaxConcurrentRequests { get; set; }

        public AwsConnectionSettings Clone() => (AwsConnectionSettings)MemberwiseClone();
    }
}
