using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BlueGreen.Sandbox.DataPlane.Proxy;
using BlueGreen.Sandbox.DataPlane.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// The data plane process. Reads JSON lines from stdin (configure, then a routing table whenever it changes), keeps
    /// one Kestrel endpoint per listener, and answers each applied table with a <c>ready</c> line naming the local port
    /// of every listener. End of stdin means the sandbox is gone (even killed): the process exits at once.
    /// </summary>
    internal static class Program
    {
        internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };

        private static readonly Dictionary<string, ListenerHost> Hosts = new Dictionary<string, ListenerHost>(StringComparer.Ordinal);
        private static RoutingSnapshot _current = RoutingSnapshot.Empty;
        private static X509Certificate2? _certificate;
        private static StreamWriter _output = StreamWriter.Null;

        internal static async Task<int> Main()
        {
            // stdout is the protocol channel: anything else written to the console goes to stderr.
            _output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            Console.SetOut(Console.Error);
            // One forwarder for every listener's host; it is a stateless service, so a container of its own is enough.
#pragma warning disable ASP0000
            IHttpForwarder forwarder = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();
#pragma warning restore ASP0000
            var router = new RequestRouter(() => Volatile.Read(ref _current), forwarder, new RequestTallies());
            // What was served goes to the sandbox twice a second (and at once on a flush), so its GetMetricData sees it.
            using var sender = new Timer(_ => SendMetrics(router.Tallies), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
            using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            while (true)
            {
                string? line = await input.ReadLineAsync().ConfigureAwait(false);
                if (line == null)
                {
                    // The sandbox closed our stdin, or died: nobody can use or stop us any more.
                    Environment.Exit(0);
                }

                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    ParentMessage message = JsonSerializer.Deserialize<ParentMessage>(line, Json)
                        ?? throw new InvalidDataException("an empty message");
                    switch (message.Type)
                    {
                        case "configure":
                            _certificate = message.CertificatePath == null ? null
                                : X509CertificateLoader.LoadPkcs12FromFile(message.CertificatePath, message.CertificatePassword);
                            Send(new ChildMessage { Type = "ready", Version = 0 });
                            break;
                        case "flush":
                            SendMetrics(router.Tallies);
                            Send(new ChildMessage { Type = "ready", Version = message.Version });
                            break;
                        case "table":
                            await ApplyAsync(message.Version, message.Table ?? new RoutingTable(), router).ConfigureAwait(false);
                            break;
                        default:
                            throw new InvalidDataException($"unknown message type '{message.Type}'");
                    }
                }
                catch (Exception ex) when (ex is JsonException or InvalidDataException or System.Security.Cryptography.CryptographicException or IOException)
                {
                    Send(new ChildMessage { Type = "error", Message = $"The data plane could not use a message from the sandbox: {ex.Message}" });
                }
            }
        }

        private static async Task ApplyAsync(long version, RoutingTable table, RequestRouter router)
        {
            // The table first: a listener that stays keeps serving with the new rules and targets at once.
            Volatile.Write(ref _current, new RoutingSnapshot(version, table));
            var wanted = table.Listeners.ToDictionary(l => l.Arn, StringComparer.Ordinal);
            foreach (string arn in Hosts.Keys.ToList())
            {
                if (!wanted.TryGetValue(arn, out RoutedListener? listener) || listener.Protocol != Hosts[arn].Protocol)
                {
                    // Not awaited: connections in flight finish on their own while new ones are refused. A failure
                    // to stop is only worth a line on stderr (the sandbox shows it when the process ends).
                    _ = Hosts[arn].StopAsync().ContinueWith(
                        t => Console.Error.WriteLine($"Listener '{arn}' did not stop cleanly: {t.Exception?.GetBaseException().Message}"),
                        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    Hosts.Remove(arn);
                }
            }

            // New listeners start side by side (a seeded world has three).
            var errors = new List<string>();
            List<RoutedListener> added = table.Listeners.Where(l => !Hosts.ContainsKey(l.Arn)).ToList();
            List<Task<ListenerHost>> starting = added.Select(l => ListenerHost.StartAsync(l.Arn, l.Protocol, _certificate, router)).ToList();
            for (int i = 0; i < added.Count; i++)
            {
                try
                {
                    Hosts[added[i].Arn] = await starting[i].ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException)
                {
                    errors.Add($"Listener '{added[i].Arn}' ({added[i].Protocol}:{added[i].Port}) cannot listen on 127.0.0.1: {ex.Message}");
                }
            }

            foreach (string error in errors)
            {
                Send(new ChildMessage { Type = "error", Version = version, Message = error });
            }

            Send(new ChildMessage
            {
                Type = "ready",
                Version = version,
                Bindings = Hosts.Select(h => new ListenerBinding { ListenerArn = h.Key, LocalPort = h.Value.LocalPort }).ToList(),
            });
        }

        private static void SendMetrics(RequestTallies tallies)
        {
            // Drained and written under the output's lock: a flush's ready never overtakes counts drained before it.
            lock (_output)
            {
                List<RequestTally> drained = tallies.Drain();
                if (drained.Count > 0)
                {
                    Send(new ChildMessage { Type = "metrics", Metrics = drained });
                }
            }
        }

        private static void Send(ChildMessage message)
        {
            lock (_output)
            {
                _output.WriteLine(JsonSerializer.Serialize(message, Json));
            }
        }
    }
}
