using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Http
{
    /// <summary>
    /// The HTTP side of the sandbox: an <see cref="HttpListener"/> on 127.0.0.1 that hands <c>/_sandbox/...</c> to the
    /// control endpoint, requests with an <c>X-Amz-Target</c> header or an <c>application/x-amz-json-1.1</c> body to the
    /// AWS JSON protocol dispatcher (SSM, CloudWatch) and everything else to the Query protocol dispatcher (ELBv2, EC2, CloudWatch), each
    /// request on its own task.
    /// </summary>
    internal sealed class SandboxHttpServer : IDisposable
    {
        internal const string ControlPathPrefix = "/_sandbox/";

        private readonly HttpListener _listener;
        private readonly QueryRequestDispatcher _dispatcher;
        private readonly JsonRequestDispatcher _jsonDispatcher;
        private readonly ControlEndpoint _control;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _loop;

        private SandboxHttpServer(HttpListener listener, int port, QueryRequestDispatcher dispatcher, JsonRequestDispatcher jsonDispatcher, ControlEndpoint control)
        {
            _listener = listener;
            Port = port;
            _dispatcher = dispatcher;
            _jsonDispatcher = jsonDispatcher;
            _control = control;
            _loop = Task.Run(AcceptLoopAsync);
        }

        internal int Port { get; }

        /// <summary>Starts listening on the port, or on a free one when <paramref name="port"/> is 0.</summary>
        internal static SandboxHttpServer Start(int port, QueryRequestDispatcher dispatcher, JsonRequestDispatcher jsonDispatcher, ControlEndpoint control)
        {
            HttpListenerException? lastFailure = null;
            for (int attempt = 0; attempt < (port == 0 ? 10 : 1); attempt++)
            {
                int candidate = port == 0 ? FreePort() : port;
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{candidate}/");
                try
                {
                    listener.Start();
                    return new SandboxHttpServer(listener, candidate, dispatcher, jsonDispatcher, control);
                }
                catch (HttpListenerException ex)
                {
                    // Another process took the port between probing and binding: try another one.
                    lastFailure = ex;
                    listener.Close();
                }
            }

            throw new InvalidOperationException(
                port == 0 ? "Could not bind the sandbox to a free port on 127.0.0.1." : $"Could not listen on 127.0.0.1:{port}: {lastFailure?.Message} Pick another port or leave it out to use a free one.",
                lastFailure);
        }

        public void Dispose()
        {
            _stopping.Cancel();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The accept loop ends with the listener's ObjectDisposedException/HttpListenerException.
            }

            _stopping.Dispose();
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private async Task AcceptLoopAsync()
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

                _ = Task.Run(() => ServeAsync(context));
            }
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            HttpListenerRequest request = context.Request;
            try
            {
                string body;
                using (var reader = new StreamReader(request.InputStream, request.ContentEncoding ?? Encoding.UTF8))
                {
                    body = await reader.ReadToEndAsync().ConfigureAwait(false);
                }

                string path = request.Url?.AbsolutePath ?? "/";
                string? target = request.Headers["X-Amz-Target"];
                QueryResponse response = path.StartsWith(ControlPathPrefix, StringComparison.Ordinal)
                    ? _control.Handle(request.HttpMethod, path, body)
                    : JsonRequestDispatcher.Accepts(target, request.ContentType)
                        ? await _jsonDispatcher.DispatchAsync(target, body, request.Headers["Authorization"], _stopping.Token).ConfigureAwait(false)
                        : await _dispatcher.DispatchAsync(request.Url?.Query, request.HttpMethod == "POST" ? body : null,
                            request.Headers["Authorization"], _stopping.Token).ConfigureAwait(false);
                await WriteAsync(context.Response, response).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Response.Abort();
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is IOException || ex is ObjectDisposedException)
            {
                // The client went away or the sandbox is stopping: nobody to answer.
            }
            catch (Exception ex)
            {
                await WriteAsync(context.Response, new QueryResponse(500, "Sandbox failure: " + ex, "text/plain;charset=UTF-8")).ConfigureAwait(false);
            }
        }

        private static async Task WriteAsync(HttpListenerResponse response, QueryResponse reply)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(reply.Body);
            response.StatusCode = reply.HttpStatus;
            response.ContentType = reply.ContentType;
            response.ContentLength64 = bytes.Length;
            response.Headers["x-amzn-RequestId"] = reply.RequestId ?? Guid.NewGuid().ToString("D");
            await response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            response.Close();
        }
    }
}
