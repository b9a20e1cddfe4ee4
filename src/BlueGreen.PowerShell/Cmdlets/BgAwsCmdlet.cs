using BlueGreen.Aws;

namespace BlueGreen.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of every cmdlet that calls AWS: the common -Region, -ProfileName and -EndpointUrl parameters.
    /// Left out, each is resolved the way the AWS SDK resolves it (environment, shared config, SSO, instance
    /// metadata); -EndpointUrl wins over AWS_ENDPOINT_URL_&lt;SERVICE&gt; and AWS_ENDPOINT_URL.
    /// </summary>
    public abstract class BgAwsCmdlet : BgCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri? EndpointUrl { get; set; }

        protected AwsConnectionSettings ConnectionSettings
        {
            get
            {
                if (EndpointUrl != null && (!EndpointUrl.IsAbsoluteUri || (EndpointUrl.Scheme != Uri.UriSchemeHttp && EndpointUrl.Scheme != Uri.UriSchemeHttps)))
                {
                    ThrowBgError("InvalidEndpointUrl", ErrorCategory.InvalidArgument,
                        $"-EndpointUrl '{EndpointUrl}' is not an absolute http:// or https:// URL. Pass one such as https://elasticloadbalancing.eu-west-1.amazonaws.com or http://127.0.0.1:4566.",
                        EndpointUrl);
                }

                return new AwsConnectionSettings { Region = Region, ProfileName = ProfileName, EndpointUrl = EndpointUrl };
            }
        }
    }
}
