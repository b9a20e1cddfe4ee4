using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// Keeps the data plane process fed: after every AWS request, every health change and on a short timer (time moves
    /// targets from draining to gone), it builds the routing table and, when it differs from the last one, sends it
    /// and waits until the data plane has applied it, so an AWS call that returned is already in effect. The process
    /// starts with the first listener (a sandbox without listeners never pays for it). When it cannot start, the AWS
    /// API goes on working and <see cref="Problem"/> says why.
    /// </summary>
    internal sealed class DataPlaneHost : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);
        private readonly Func<SandboxWorld> _world;
        private readonly object _syncGate = new object();
        private readonly Timer? _timer;
        private DataPlaneProcess? _process;
        private DataPlaneCertificate? _certificate;
        private string _lastTable = string.Empty;

        // Whether the table could still change with time alone when it was last built: the timer then builds it again.
        private bool _timedAtLastBuild = true;
        private long _version;
        private bool _stopped;

        internal DataPlaneHost(Func<SandboxWorld> world, bool enabled)
        {
            _world = world;
            Status = enabled ? DataPlaneStatus.Idle : DataPlaneStatus.Off;
            if (enabled)
            {
                try
                {
                    // Cheap checks now (files only), so a missing install is reported when the sandbox starts.
                    DataPlaneProcess.FindAssembly();
                    DataPlaneProcess.FindDotnet();
                }
                catch (InvalidOperationException ex)
                {
                    Fail(ex.Message);
                    return;
                }

                _timer = new Timer(_ => Sync(skipIfBusy: true), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
            }
        }

        internal DataPlaneStatus Status { get; private set; }

        internal string? Problem { get; private set; }

        internal IReadOnlyList<DataPlaneBinding> Bindings { get; private set; } = new List<DataPlaneBinding>();

        internal X509Certificate2? Certificate => _certificate?.Certificate;

        internal string? CertificatePath => _certificate?.PemPath;

        internal int? ProcessId => _process?.ProcessId;

        internal IReadOnlyList<string> Errors => _process?.Errors ?? new List<string>();

        /// <summary>Brings the data plane up to date with the state; never throws (a failure is recorded in <see cref="Problem"/>).</summary>
        internal void Sync() => Sync(skipIfBusy: false);

        /// <param name="skipIfBusy">The timer's: when a sync is already under way, it will see the same state.</param>
        private void Sync(bool skipIfBusy)
        {
            if (Status == DataPlaneStatus.Off || Status == DataPlaneStatus.Failed)
            {
                return;
            }

            if (skipIfBusy)
            {
                if (!Monitor.TryEnter(_syncGate))
                {
                    return;
                }
            }
            else
            {
                Monitor.Enter(_syncGate);
            }

            try
            {
                if (_stopped || Status == DataPlaneStatus.Failed)
                {
                    return;
                }

                if (_process != null && _process.HasExited)
                {
                    // Killed or crashed between two changes: say so now (the timer comes here every 100 ms), not at
                    // the next change, so that Status and the listeners' URLs do not claim a data plane that is gone.
                    Fail($"The sandbox's data plane process ended unexpectedly (exit code {_process.ExitCode}): the listeners no longer answer HTTP, " +
                        "while the AWS API goes on working. Start a new sandbox (Stop-BgSandbox, then Start-BgSandbox) to get them back.");
                    return;
                }

                SandboxWorld world = _world();
                RoutingTable table;
                Dictionary<string, KeyValuePair<string, Listener>> owners;
                lock (world.Gate)
                {
                    // UnHealthyHostCount and HealthyHostCount, once a second (the timer comes here every 100 ms).
                    world.Metrics.SampleHosts(world);

                    // The timer's pass is a no-op unless time can have changed the table since it was last built:
                    // every change by a request or a health check comes here at once, not by the timer.
                    bool timed = RoutingTableBuilder.MayChangeWithTime(world);
                    if (skipIfBusy && !timed && !_timedAtLastBuild)
                    {
                        return;
                    }

                    table = RoutingTableBuilder.Build(world, out owners);
                    _timedAtLastBuild = timed;
                }

                string json = JsonSerializer.Serialize(table, DataPlaneProcess.Json);
                if (json == _lastTable || (_process == null && table.Listeners.Count == 0))
                {
                    return;
                }

                if (_process == null)
                {
                    _certificate = DataPlaneCertificate.Create();
                    _process = DataPlaneProcess.Start(_certificate, StartTimeout, tallies => _world().Metrics.Record(tallies));
                    _certificate.DeleteKeyFile();
                    Status = DataPlaneStatus.Running;
                }

                long version = Interlocked.Increment(ref _version);
                ChildMessage ready = _process.Send(new ParentMessage { Type = "table", Version = version, Table = table }, ApplyTimeout);
                _lastTable = json;
                Bindings = ready.Bindings
                    .Where(b => owners.ContainsKey(b.ListenerArn))
                    .Select(b =>
                    {
                        KeyValuePair<string, Listener> owner = owners[b.ListenerArn];
                        return new DataPlaneBinding(b.ListenerArn, owner.Key, owner.Value.Protocol, owner.Value.Port,
                            new Uri($"{owner.Value.Protocol.ToLowerInvariant()}://127.0.0.1:{b.LocalPort}/"));
                    })
                    .OrderBy(b => b.LoadBalancerName, StringComparer.Ordinal).ThenBy(b => b.Port)
                    .ToList();
            }
            catch (InvalidOperationException ex)
            {
                Fail(ex.Message);
            }
            catch (System.IO.IOException ex)
            {
                Fail($"The sandbox's data plane failed: {ex.Message}");
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                Fail($"The sandbox could not make its data plane's TLS certificate: {ex.Message}");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever goes wrong here must not fail the AWS call that triggered the sync: the API keeps working.
                Fail($"The sandbox's data plane failed unexpectedly: {ex}");
            }
            finally
            {
                Monitor.Exit(_syncGate);
            }
        }

        /// <summary>
        /// Asks the data plane for every request counted so far and waits until they are in the world's metrics (its
        /// metrics line comes before its ready). Does nothing when no process runs; a failure only means older figures.
        /// The caller must not hold the world's gate.
        /// </summary>
        internal void FlushMetrics()
        {
            DataPlaneProcess? process = _process;
            if (process == null || process.HasExited)
            {
                return;
            }

            try
            {
                process.Send(new ParentMessage { Type = "flush", Version = Interlocked.Increment(ref _version) }, ApplyTimeout);
            }
            catch (InvalidOperationException)
            {
                // Gone meanwhile: the timer reports it; the metrics keep what came before.
            }
        }

        /// <summary>Stops the process and waits for it, and deletes the certificate.</summary>
        public void Dispose()
        {
            _timer?.Dispose();
            lock (_syncGate)
            {
                _stopped = true;
                _process?.Dispose();
                _process = null;
                _certificate?.Dispose();
                Bindings = new List<DataPlaneBinding>();
                if (Status == DataPlaneStatus.Running || Status == DataPlaneStatus.Idle)
                {
                    Status = DataPlaneStatus.Stopped;
                }
            }
        }

        private void Fail(string problem)
        {
            Problem = problem + (_process?.HasExited == true && _process.StandardError.Length > 0 ? " It said: " + _process.StandardError : string.Empty);
            Status = DataPlaneStatus.Failed;
            Bindings = new List<DataPlaneBinding>();
            _process?.Dispose();
            _process = null;
        }
    }
}
