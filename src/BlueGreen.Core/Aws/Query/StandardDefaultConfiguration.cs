using System.Collections.ObjectModel;
using Amazon.Runtime;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The SDK's default configuration modes (AWS_DEFAULTS_MODE / defaults_mode) with the values the AWS SDK generates
    /// for every service: standard retry mode and per-mode connect timeouts.
    /// </summary>
    internal static class StandardDefaultConfiguration
    {
        internal static readonly ReadOnlyCollection<IDefaultConfiguration> All = new ReadOnlyCollection<IDefaultConfiguration>(new List<IDefaultConfiguration>
        {
            Mode(DefaultConfigurationMode.Standard, 3100),
            Mode(DefaultConfigurationMode.InRegion, 1100),
            Mode(DefaultConfigurationMode.CrossRegion, 3100),
            Mode(DefaultConfigurationMode.Mobile, 30000),
            Mode(DefaultConfigurationMode.Auto, 1100),
        });

        private static IDefaultConfiguration Mode(DefaultConfigurationMode mode, int connectTimeoutMilliseconds) => new DefaultConfiguration
        {
            Name = mode,
            RetryMode = RequestRetryMode.Standard,
            S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
            ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeoutMilliseconds),
            TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectTimeoutMilliseconds),
            TimeToFirstByteTimeout = null,
            HttpRequestTimeout = null,
        };
    }
}
