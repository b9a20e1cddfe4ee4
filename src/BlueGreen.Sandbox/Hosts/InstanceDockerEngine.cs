using System.IO;
using System.Net.Http;
using System.Net.Sockets;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// One instance's Docker engine: Debian's dockerd with its own data-root, exec-root (and so its own containerd),
    /// pid file and socket, host networking only (<c>--bridge=none --iptables=false --ip-masq=false</c>), started
    /// detached by <c>start-stop-daemon --background</c> (its own session, output to its log). It listens on a private
    /// socket while the preloaded images are loaded through the Engine API; only then is the socket DOCKER_HOST names
    /// linked to it, so a client that reaches the engine finds the images there.
    /// </summary>
    internal sealed class InstanceDockerEngine(HostInstanceFolder folder)
    {
        private readonly HostInstanceFolder _folder = folder;

        internal void Start()
        {
            Directory.CreateDirectory(_folder.Data);
            var arguments = new List<string>
            {
                "--start", "--background", "--quiet", "--pidfile", _folder.DockerdPidFile, "--output", _folder.DockerdLog,
                "--exec", HostRuntime.Dockerd, "--",
                "--data-root", _folder.Data, "--exec-root", _folder.ExecRoot, "--pidfile", _folder.DockerdPidFile,
                "-H", "unix://" + _folder.EngineSocket, "--bridge=none", "--iptables=false", "--ip-masq=false", "--ip6tables=false",
            };
            HostCommandResult result = HostCommand.Run(HostRuntime.StartStopDaemon, arguments, TimeSpan.FromSeconds(30));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"start-stop-daemon could not start dockerd (exit {result.ExitCode}): {result.Error.Trim()}");
            }
        }

        /// <summary>Waits for the engine to answer /_ping on its private socket.</summary>
        internal async Task WaitUntilAnswersAsync(TimeSpan timeout, CancellationToken cancel)
        {
            using HttpClient client = Client(TimeSpan.FromSeconds(5));
            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    using HttpResponseMessage ping = await client.GetAsync("http://docker/_ping", cancel).ConfigureAwait(false);
                    if (ping.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"dockerd did not answer on {_folder.EngineSocket} within {timeout.TotalSeconds:N0} s (log {_folder.DockerdLog}).");
                }

                await Task.Delay(50, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>Loads a <c>docker save</c> archive (POST /images/load); throws with the engine's error.</summary>
        internal async Task LoadAsync(string archive, CancellationToken cancel)
        {
            using HttpClient client = Client(TimeSpan.FromMinutes(5));
            await using FileStream file = File.OpenRead(archive);
            using var content = new StreamContent(file);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
            using HttpResponseMessage response = await client.PostAsync("http://docker/images/load?quiet=1", content, cancel).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || body.Contains("\"error", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Loading {archive} into the engine failed ({(int)response.StatusCode}): {body.Trim()}");
            }
        }

        /// <summary>Makes the engine reachable where DOCKER_HOST points.</summary>
        internal void Publish()
        {
            File.Delete(_folder.DockerSocket);
            File.CreateSymbolicLink(_folder.DockerSocket, _folder.EngineSocket);
        }

        private HttpClient Client(TimeSpan timeout)
        {
            string socket = _folder.EngineSocket;
            var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                ConnectCallback = async (_, cancel) =>
                {
                    var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancel).ConfigureAwait(false);
                        return new NetworkStream(connection, ownsSocket: true);
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                },
            };
            return new HttpClient(handler) { Timeout = timeout };
        }
    }
}
