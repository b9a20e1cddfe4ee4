using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BlueGreen.Tests.Unit.Smoke
{
    /// <summary>
    /// A bare HTTP/1.1 server on 127.0.0.1 (optionally TLS with a self-signed certificate for "localhost") that records
    /// each request head as sent and answers 200 with Connection: close. For what HttpListener cannot do: any Host
    /// header, HTTPS.
    /// </summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _socket = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2? _certificate;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _loop;

        internal RawHttpServer(bool tls = false)
        {
            if (tls)
            {
                using RSA key = RSA.Create(2048);
                var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            }

            _socket.Start();
            BaseAddress = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{((IPEndPoint)_socket.LocalEndpoint).Port}/");
            _loop = Task.Run(LoopAsync);
        }

        internal Uri BaseAddress { get; }

        /// <summary>Request heads as received (request line and headers).</summary>
        internal ConcurrentQueue<string> Heads { get; } = new ConcurrentQueue<string>();

        /// <summary>Connections whose TLS handshake the client gave up (it refused the certificate).</summary>
        internal int RefusedHandshakes;

        public void Dispose()
        {
            _stopping.Cancel();
            _socket.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _certificate?.Dispose();
            _stopping.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _socket.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                Stream stream = client.GetStream();
                try
                {
                    if (_certificate != null)
                    {
                        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                        try
                        {
                            await tls.AuthenticateAsServerAsync(_certificate).WaitAsync(TimeSpan.FromSeconds(10), _stopping.Token).ConfigureAwait(false);
                        }
                        catch (Exception)
                        {
                            Interlocked.Increment(ref RefusedHandshakes);
                            return;
                        }

                        stream = tls;
                    }

                    var head = new StringBuilder();
                    var buffer = new byte[1024];
                    while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        int read = await stream.ReadAsync(buffer, _stopping.Token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            return;
                        }

                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    Heads.Enqueue(head.ToString());
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), _stopping.Token).ConfigureAwait(false);
                    await stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The client went away or the server stopped.
                }
                finally
                {
                    stream.Dispose();
                }
            }
        }
    }
}
