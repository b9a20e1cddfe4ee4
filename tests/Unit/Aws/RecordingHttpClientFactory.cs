using System.Net.Http;
using Amazon.Runtime;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>The SDK's own seam for its HTTP client (ClientConfig.HttpClientFactory), pointed at a <see cref="RecordingHttpHandler"/>.</summary>
    internal sealed class RecordingHttpClientFactory : HttpClientFactory
    {
        private readonly RecordingHttpHandler _handler;

        internal RecordingHttpClientFactory(RecordingHttpHandler handler)
        {
            _handler = handler;
        }

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new HttpClient(_handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
