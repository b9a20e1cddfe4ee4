using System.Net;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// The Local provider's safety check: its machines are instances of a sandbox on this host, so the EC2 endpoint
    /// must be a loopback URL (http://127.0.0.1:&lt;port&gt;/, http://localhost:&lt;port&gt;/, http://[::1]:&lt;port&gt;/).
    /// Anything else, or none (the regional endpoint), would launch instances in a real AWS account.
    /// </summary>
    public static class SandboxEndpointCheck
    {
        /// <summary>True when <paramref name="serviceUrl"/> is an http(s) URL whose host is loopback.</summary>
        public static bool IsLoopback(string? serviceUrl)
        {
            if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out Uri? uri))
            {
                return false;
            }

            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                return false;
            }

            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address);
        }

        /// <summary>Throws LocalProviderNeedsSandbox unless <paramref name="serviceUrl"/> is loopback.</summary>
        public static void EnsureLoopback(string? serviceUrl, string machineName)
        {
            if (!IsLoopback(serviceUrl))
            {
                throw new BlueGreenException("LocalProviderNeedsSandbox", FailureCategory.InvalidOperation,
                    $"The Local provider launches machines only as instances of a sandbox on this host, and the EC2 endpoint is {(string.IsNullOrWhiteSpace(serviceUrl) ? "the regional AWS endpoint" : "'" + serviceUrl + "'")}: it would launch real instances in a real account. " +
                    "Start a sandbox (Start-BgSandbox) and pass its URL with -EndpointUrl (or AWS_ENDPOINT_URL), or choose another Machines.Provider. Nothing was started.",
                    machineName);
            }
        }
    }
}
