using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>
    /// Yarp's default request copy, plus what ALB does: the client's Host kept, X-Forwarded-For appended with the
    /// client's address, X-Forwarded-Proto and X-Forwarded-Port set to the listener's protocol and port.
    /// </summary>
    internal sealed class ForwardedHeadersTransformer : HttpTransformer
    {
        private readonly string _protocol;
        private readonly int _listenerPort;

        internal ForwardedHeadersTransformer(string protocol, int listenerPort)
        {
            _protocol = protocol.ToLowerInvariant();
            _listenerPort = listenerPort;
        }

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, System.Net.Http.HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            string client = httpContext.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
            string? earlier = httpContext.Request.Headers["X-Forwarded-For"];
            proxyRequest.Headers.Remove("X-Forwarded-For");
            proxyRequest.Headers.Remove("X-Forwarded-Proto");
            proxyRequest.Headers.Remove("X-Forwarded-Port");
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", string.IsNullOrEmpty(earlier) ? client : earlier + ", " + client);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", _protocol);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Port", _listenerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
