using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BlueGreen.Tests.Unit.Smoke
{
    /// <summary>
    /// A real HTTP server on 127.0.0.1 and a free port, for the smoke check's tests. Every request is recorded; a
    /// handler may wait on <see cref="Stopping"/> to never answer. Dispose stops it (and aborts what is still waiting).
    /// </summary>
    internal sealed class LocalHttpServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Func<HttpListenerContext, Task> _handle;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _loop;

        internal LocalHttpServer(Func<HttpListenerContext, Task> handle)
        {
            _handle = handle;
            (_listener, BaseAddress) = Listen();
            _loop = Task.Run(LoopAsync);
        }

        internal Uri BaseAddress { get; }

        /// <summary>Requests as they came: path and query, the preview header (or null), the Host header.</summary>
        internal ConcurrentQueue<(string Path, string? Preview, string? Host)> Requests { get; } = new ConcurrentQueue<(string, string?, string?)>();

        internal CancellationToken Stopping => _stopping.Token;

        /// <summary>Answers like a load balancer's preview route would: 404 unless the request carries X-BlueGreen-Preview.</summary>
        internal static Func<HttpListenerContext, Task> PreviewOnly(Func<HttpListenerContext, Task> handle) => context =>
            context.Request.Headers["X-BlueGreen-Preview"] == null ? RespondAsync(context, 404, "Not Found: no preview header") : handle(context);

        internal static async Task RespondAsync(HttpListenerContext context, int status, string body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }

        /// <summary>
        /// Listens on a free port. Another process (or a parallel test) can take the port between the probe and the
        /// bind: then a fresh listener tries another one (a listener whose Start failed cannot be used again).
        /// </summary>
        private static (HttpListener Listener, Uri BaseAddress) Listen()
        {
            for (int attempt = 1; ; attempt++)
            {
                var address = new Uri($"http://127.0.0.1:{FreePort()}/");
                var listener = new HttpListener();
                listener.Prefixes.Add(address.ToString());
                try
                {
                    listener.Start();
                    return (listener, address);
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    try
                    {
                        listener.Close();
                    }
                    catch (HttpListenerException)
                    {
                        // Closing a listener that never started can fail the same way; nothing is held.
                    }
                }
            }
        }

        internal static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            _stopping.Cancel();
            // Close alone, not Stop then Close: on Linux the managed HttpListener's Close after a Stop looks the
            // endpoint up again, binds the port anew, and fails with "Address already in use" when another test or
            // process took the port in between (seen in a CI run); Close releases it once.
            try
            {
                _listener.Close();
            }
            catch (HttpListenerException)
            {
                // The port is released either way; nothing of this server is held any more.
            }
            _loop.Wait(TimeSpan.FromSeconds(5));
            _stopping.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                Requests.Enqueue((context.Request.Url!.PathAndQuery, context.Request.Headers["X-BlueGreen-Preview"], context.Request.Headers["Host"]));
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await _handle(context).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // A request aborted by the client or by Dispose.
                    }
                    finally
                    {
                        try
                        {
                            context.Response.Abort();
                        }
                        catch (Exception)
                        {
                            // Already closed.
                        }
                    }
                });
            }
        }
    }
}
