using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>One listener's Kestrel endpoint: a free port on 127.0.0.1 only, TLS for HTTPS listeners.</summary>
    internal sealed class ListenerHost
    {
        private readonly WebApplication _app;

        private ListenerHost(WebApplication app, string protocol, int localPort)
        {
            _app = app;
            Protocol = protocol;
            LocalPort = localPort;
        }

        internal string Protocol { get; }

        internal int LocalPort { get; }

        internal static async Task<ListenerHost> StartAsync(string listenerArn, string protocol, X509Certificate2? certificate, RequestRouter router)
        {
            if (protocol == "HTTPS" && certificate == null)
            {
                throw new InvalidOperationException($"Listener '{listenerArn}' is HTTPS but the sandbox sent no certificate.");
            }

            // The empty builder: no configuration sources, no logging, no file watchers (a slim one costs ~150 ms more per listener).
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            builder.WebHost.UseKestrelCore();
            builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromHours(1));
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Loopback, 0, endpoint =>
                {
                    if (protocol == "HTTPS")
                    {
                        endpoint.UseHttps(certificate!);
                    }
                });
            });
            WebApplication app = builder.Build();
            app.Run(context => router.HandleAsync(context, listenerArn));
            await app.StartAsync().ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ListenerHost(app, protocol, new Uri(address).Port);
        }

        /// <summary>
        /// Stops taking connections; requests in flight may finish (up to ALB's longest deregistration delay); then
        /// releases the host (its service provider, Kestrel's buffers), which a stopped app keeps until disposed.
        /// </summary>
        internal async Task StopAsync()
        {
            try
            {
                await _app.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
