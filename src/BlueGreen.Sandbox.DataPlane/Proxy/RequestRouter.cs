using System.Net.Http;
using BlueGreen.Sandbox.DataPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>
    /// Answers one request on a listener: the rule's action from the current table, then a redirect, a fixed response,
    /// or a forward through Yarp's <see cref="IHttpForwarder"/> (direct forwarding: Yarp does the HTTP proxying, streaming,
    /// hop-by-hop headers and upstream errors; we only choose the destination, as ALB does).
    /// </summary>
    internal sealed class RequestRouter
    {
        /// <summary>ALB's default idle timeout: an upstream silent this long answers 504.</summary>
        private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

        private readonly Func<RoutingSnapshot> _snapshot;
        private readonly IHttpForwarder _forwarder;
        private readonly HttpMessageInvoker _client;
        private readonly TargetPicker _picker = new TargetPicker();

        internal RequestRouter(Func<RoutingSnapshot> snapshot, IHttpForwarder forwarder, RequestTallies tallies)
        {
            _snapshot = snapshot;
            _forwarder = forwarder;
            Tallies = tallies;
            _client = new HttpMessageInvoker(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                // ALB does not validate its targets' certificates.
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
        }

        /// <summary>What every request served counted (the sandbox's metrics).</summary>
        internal RequestTallies Tallies { get; }

        internal async Task HandleAsync(HttpContext context, string listenerArn)
        {
            RoutingSnapshot snapshot = _snapshot();
            if (!snapshot.Listeners.TryGetValue(listenerArn, out RoutedListener? listener))
            {
                await AlbResponses.WriteAsync(context, 503).ConfigureAwait(false);
                return;
            }

            HttpRequest request = context.Request;
            RoutedAction action = RuleMatcher.Choose(listener, FactsOf(context));
            switch (action.Type)
            {
                case "redirect":
                    Tallies.LoadBalancer(listenerArn, null, RedirectLocation.StatusOf(action));
                    context.Response.StatusCode = RedirectLocation.StatusOf(action);
                    context.Response.Headers["Server"] = "awselb/2.0";
                    context.Response.Headers.Location = RedirectLocation.Build(action, listener.Protocol.ToLowerInvariant(), request.Host.Host,
                        listener.Port, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty);
                    return;
                case "fixed-response":
                    context.Response.StatusCode = int.TryParse(action.StatusCode, out int status) ? status : 503;
                    Tallies.LoadBalancer(listenerArn, null, context.Response.StatusCode);
                    context.Response.Headers["Server"] = "awselb/2.0";
                    if (action.ContentType != null)
                    {
                        context.Response.ContentType = action.ContentType;
                    }

                    if (!string.IsNullOrEmpty(action.MessageBody))
                    {
                        await context.Response.WriteAsync(action.MessageBody).ConfigureAwait(false);
                    }

                    return;
                case "forward":
                    await ForwardAsync(context, listener, action, snapshot).ConfigureAwait(false);
                    return;
                default:
                    Tallies.LoadBalancer(listenerArn, null, 503);
                    await AlbResponses.WriteAsync(context, 503).ConfigureAwait(false);
                    return;
            }
        }

        private async Task ForwardAsync(HttpContext context, RoutedListener listener, RoutedAction action, RoutingSnapshot snapshot)
        {
            string? groupArn = _picker.PickGroup(action.TargetGroups);
            RoutedTarget? target = groupArn != null && snapshot.TargetGroups.TryGetValue(groupArn, out RoutedTargetGroup? group)
                ? _picker.PickTarget(group)
                : null;
            if (target == null)
            {
                Tallies.LoadBalancer(listener.Arn, groupArn, 503);
                await AlbResponses.WriteAsync(context, 503).ConfigureAwait(false);
                return;
            }

            if (target.Address == null)
            {
                // A simulated machine (not on this host's loopback): nothing to connect to, as a dead target answers.
                Tallies.LoadBalancer(listener.Arn, groupArn, 502);
                await AlbResponses.WriteAsync(context, 502).ConfigureAwait(false);
                return;
            }

            string scheme = snapshot.TargetGroups[groupArn!].Protocol == "HTTPS" ? "https" : "http";
            var headers = new ResponseHeadersTimer(context);
            ForwarderError error = await _forwarder.SendAsync(context, $"{scheme}://{target.Address}/", _client,
                new ForwarderRequestConfig { ActivityTimeout = IdleTimeout }, new ForwardedHeadersTransformer(listener.Protocol, listener.Port)).ConfigureAwait(false);
            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                int status = error == ForwarderError.RequestTimedOut ? 504 : 502;
                Tallies.LoadBalancer(listener.Arn, groupArn, status);
                await AlbResponses.WriteAsync(context, status).ConfigureAwait(false);
                return;
            }

            Tallies.Target(listener.Arn, groupArn!, context.Response.StatusCode, headers.Elapsed);
        }

        internal static RequestFacts FactsOf(HttpContext context)
        {
            HttpRequest request = context.Request;
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
            {
                headers[header.Key] = header.Value.Where(v => v != null).Select(v => v!).ToList();
            }

            var query = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in QueryHelpers.ParseQuery(request.QueryString.Value))
            {
                foreach (string? value in pair.Value)
                {
                    query.Add(new KeyValuePair<string, string>(pair.Key, value ?? string.Empty));
                }
            }

            return new RequestFacts(request.Method, request.Path.Value ?? "/", request.Host.Host, headers, query, context.Connection.RemoteIpAddress);
        }
    }
}
