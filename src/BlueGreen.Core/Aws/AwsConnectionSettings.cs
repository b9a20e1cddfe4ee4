namespace BlueGreen.Aws
{
    /// <summary>
    /// What the caller said about where and as whom to call AWS. Anything left null is resolved the way the
    /// AWS SDK and CLI resolve it (environment, shared config/credentials files, SSO, instance metadata).
    /// Immutable: a client factory keeps the settings it was made with; fill in defaults with <c>with { ... }</c>.
    /// </summary>
    /// <param name="Region">The region (us-east-1, ...).</param>
    /// <param name="ProfileName">A profile of the shared config and credentials files.</param>
    /// <param name="EndpointUrl">An explicit endpoint; it wins over AWS_ENDPOINT_URL_&lt;SERVICE&gt; and AWS_ENDPOINT_URL.</param>
    /// <param name="MaxConcurrentRequests">
    /// At most this many AWS calls in flight at once (1 to 100); null: <see cref="Configuration.AwsSettings.DefaultMaxConcurrentRequests"/>.
    /// From <c>Aws.MaxConcurrentRequests</c> in bluegreen.psd1.
    /// </param>
    public sealed record AwsConnectionSettings(string? Region = null, string? ProfileName = null, Uri? EndpointUrl = null, int? MaxConcurrentRequests = null);
}
