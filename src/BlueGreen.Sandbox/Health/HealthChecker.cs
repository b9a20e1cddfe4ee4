using System.Diagnostics;
using System.Net;
using System.Net.Http;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.Health
{
    /// <summary>
    /// Real health checks, in the sandbox's own process (HttpClient; no ASP.NET Core), for the targets on this machine's
    /// loopback in groups a listener uses: each group's protocol, path, port, interval, timeout, thresholds and matcher,
    /// with intervals and timeouts multiplied by <see cref="SandboxOptions.HealthCheckTimeScale"/>. Simulated machines
    /// are never contacted.
    /// </summary>
    internal sealed class HealthChecker : IDisposable
    {
        /// <summary>The shortest sleep between two passes (checks due within it are sent together).</summary>
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(25);

        /// <summary>
        /// The longest sleep: the loop sleeps until the next check is due, but wakes at least this often for what no
        /// request announces (an instance that finished starting); a request that may add a target wakes it at once.
        /// </summary>
        private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0, 1);
        private readonly Func<SandboxWorld> _world;
        private readonly double _timeScale;
        private readonly Action _changed;
        private readonly HttpClient _client;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _loop;

        internal HealthChecker(Func<SandboxWorld> world, double timeScale, Action changed)
        {
            _world = world;
            _timeScale = timeScale;
            _changed = changed;
            _client = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.Zero,
                // ELBv2 does not validate its targets' certificates (they are often self-signed).
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            })
            { Timeout = Timeout.InfiniteTimeSpan };
            _loop = Task.Run(LoopAsync);
        }

        /// <summary>Looks again at once: the state changed (a request, a reset), so a target may have become due.</summary>
        internal void Wake()
        {
            try
            {
                if (_wake.CurrentCount == 0)
                {
                    _wake.Release();
                }
            }
            catch (SemaphoreFullException)
            {
                // Woken already by another thread.
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stopping.Cancel();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }

            _client.Dispose();
            _wake.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                List<Func<Task>> due = DueChecks(out TimeSpan untilNext);
                foreach (Func<Task> check in due)
                {
                    _ = Task.Run(check);
                }

                try
                {
                    // A check that ends sets its target's next due time; the loop sees it within IdleWait.
                    await Task.Delay(Tick, _stopping.Token).ConfigureAwait(false);
                    TimeSpan rest = untilNext - Tick;
                    if (rest > TimeSpan.Zero)
                    {
                        await _wake.WaitAsync(rest < IdleWait ? rest : IdleWait, _stopping.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <param name="untilNext">How long until the next check of an idle target is due (IdleWait when none is).</param>
        private List<Func<Task>> DueChecks(out TimeSpan untilNext)
        {
            var due = new List<Func<Task>>();
            long next = long.MaxValue;
            SandboxWorld world = _world();
            long now = Stopwatch.GetTimestamp();
            lock (world.Gate)
            {
                LoadBalancingState state = world.LoadBalancing;
                foreach (TargetGroup group in state.TargetGroups.Where(g => g.HealthCheck.Enabled))
                {
                    bool used = state.LoadBalancerArnsOf(group).Count > 0;
                    foreach (RegisteredTarget target in group.Targets.Where(t => t.DeregisteredAt == null))
                    {
                        IPEndPoint? endpoint = used ? state.Targets.LocalEndpointOf(group, target) : null;
                        if (endpoint == null || (group.TargetType == "instance" && world.Compute.Find(target.Id) is Ec2Instance i && world.Compute.StateOf(i) != InstanceState.Running))
                        {
                            continue;
                        }

                        TargetHealthChecks checks = target.Checks ??= new TargetHealthChecks(group.HealthCheck.HealthyThresholdCount, group.HealthCheck.UnhealthyThresholdCount);
                        if (checks.InFlight)
                        {
                            continue;
                        }

                        if (now < checks.NextDue)
                        {
                            next = Math.Min(next, checks.NextDue);
                            continue;
                        }

                        checks.InFlight = true;
                        TargetGroupHealthCheck settings = group.HealthCheck;
                        var url = new Uri($"{(settings.Protocol == "HTTPS" ? "https" : "http")}://{endpoint.Address}:{TargetRegistry.HealthCheckPortNumberOf(group, target)}{settings.Path ?? "/"}");
                        TimeSpan timeout = ScaledTimeout(settings.TimeoutSeconds, _timeScale);
                        TimeSpan interval = Scaled(settings.IntervalSeconds);
                        string? matcher = settings.MatcherHttpCode;
                        due.Add(async () =>
                        {
                            HealthCheckResult result;
                            try
                            {
                                result = await CheckAsync(url, timeout, matcher).ConfigureAwait(false);
                            }
                            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException)
                            {
                                // Stopping, or a check that cannot even be sent: a failed check, never a stuck target.
                                result = HealthCheckResult.Failed(ex.Message);
                            }

                            bool changed;
                            lock (world.Gate)
                            {
                                checks.InFlight = false;
                                if (_stopping.IsCancellationRequested)
                                {
                                    // Cut off by Stop, not by the target: recording it would leave the state (still
                                    // readable after Stop) saying 'unhealthy: A task was canceled'.
                                    return;
                                }

                                checks.NextDue = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency);
                                changed = checks.Record(result);
                            }

                            if (changed)
                            {
                                _changed();
                            }
                        });
                    }
                }
            }

            untilNext = next == long.MaxValue ? IdleWait : TimeSpan.FromSeconds((next - now) / (double)Stopwatch.Frequency);
            return due;
        }

        private TimeSpan Scaled(int seconds) => TimeSpan.FromSeconds(seconds * _timeScale);

        /// <summary>
        /// The timeout scaled like the interval, but not below 1 s (nor above the group's own): a quicker clock must not
        /// turn a busy machine's slow answer into a failed check. Checks of one target never overlap, so a timeout
        /// longer than the scaled interval only delays the next check.
        /// </summary>
        internal static TimeSpan ScaledTimeout(int seconds, double timeScale) =>
            TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(seconds * timeScale, MinimumScaledTimeoutSeconds)));

        internal const double MinimumScaledTimeoutSeconds = 1.0;

        internal async Task<HealthCheckResult> CheckAsync(Uri url, TimeSpan timeout, string? matcher)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.UserAgent.ParseAdd("ELB-HealthChecker/2.0");
                using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                int code = (int)response.StatusCode;
                return HealthCheckMatcher.Parse(matcher).Matches(code) ? HealthCheckResult.Pass : HealthCheckResult.CodeMismatch(code);
            }
            catch (FormatException ex)
            {
                return HealthCheckResult.Failed(ex.Message);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                return HealthCheckResult.TimedOut();
            }
            catch (HttpRequestException ex)
            {
                return HealthCheckResult.Failed(ex.InnerException?.Message ?? ex.Message);
            }
        }
    }
}
