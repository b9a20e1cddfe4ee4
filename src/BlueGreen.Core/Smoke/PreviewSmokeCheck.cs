using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Text;
using System.Text.RegularExpressions;
using BlueGreen.Configuration;
using BlueGreen.Traffic;

namespace BlueGreen.Smoke
{
    /// <summary>
    /// The built-in pre-switch smoke check: before any user is served by the new release, each configured path is
    /// fetched (GET) through the load balancer's preview route (the rule on the header X-BlueGreen-Preview that forwards
    /// to the idle group) and must answer the expected status, within the configured tries. Redirects are not followed:
    /// a redirect could leave the preview route. Read-only: it never changes AWS state.
    /// </summary>
    public sealed class PreviewSmokeCheck(SmokeSettings settings, IOperationReporter reporter)
    {
        public const int ProgressActivityId = 5400;

        /// <summary>At most this many characters of a mismatching response's body go into the report.</summary>
        public const int BodyExcerptLength = 200;

        private const int BodyReadBytes = 4096;

        private readonly SmokeSettings _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        private readonly IOperationReporter _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));

        /// <summary>Checks the preview route of <paramref name="state"/> at <see cref="TrafficState.LoadBalancerDnsName"/> (or Smoke.BaseUrl).</summary>
        /// <exception cref="BlueGreenException">NoPreviewRoute, PreviewRouteUnreachable, or a <see cref="SmokeCheckFailedException"/>.</exception>
        public Task<SmokeCheckReport> RunAsync(TrafficState state, CancellationToken cancellationToken) =>
            RunAsync(state, state.LoadBalancerDnsName, cancellationToken);

        /// <summary>Checks the preview route of <paramref name="state"/> at the load balancer's DNS name (or Smoke.BaseUrl).</summary>
        /// <param name="loadBalancerDnsName">LoadBalancer.DNSName; may be null when Smoke.BaseUrl is set.</param>
        /// <exception cref="BlueGreenException">NoPreviewRoute, PreviewRouteUnreachable, or a <see cref="SmokeCheckFailedException"/>.</exception>
        public Task<SmokeCheckReport> RunAsync(TrafficState state, string? loadBalancerDnsName, CancellationToken cancellationToken) =>
            RunAsync(PreviewEndpoint.From(state, loadBalancerDnsName, _settings.BaseUrl), cancellationToken);

        /// <exception cref="SmokeCheckFailedException">A path did not answer the expected status after the configured tries.</exception>
        public async Task<SmokeCheckReport> RunAsync(PreviewEndpoint endpoint, CancellationToken cancellationToken)
        {
            List<string> uncovered = _settings.Paths.Where(p => !endpoint.Covers(p)).ToList();
            if (uncovered.Count > 0)
            {
                throw new BlueGreenException(
                    "PreviewRouteUnreachable",
                    FailureCategory.InvalidData,
                    $"The preview rule {endpoint.Route} only matches the paths {string.Join(", ", endpoint.PathPatterns)}, so {string.Join(", ", uncovered)} would be answered by the live group, not the new release. " +
                    "Remove those paths from Smoke.Paths in bluegreen.psd1, or widen the rule's path-pattern condition (or remove it).",
                    endpoint.Route);
            }

            _reporter.Verbose($"Smoke check through {endpoint}: GET {string.Join(", ", _settings.Paths)} with header {endpoint.HeaderName}: {endpoint.HeaderValue}" +
                (endpoint.Host != null ? $" and Host {endpoint.Host}" : string.Empty) + $", expecting {_settings.ExpectedStatus} (at most {_settings.Attempts} tries of {_settings.Timeout.TotalSeconds:0.#} s each).");
            var results = new List<SmokePathResult>();
            string activity = "Smoke check through the preview route";
            try
            {
                using (HttpClient client = CreateClient())
                {
                    foreach (string path in _settings.Paths)
                    {
                        _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, $"GET {path}", results.Count * 100 / _settings.Paths.Count));
                        results.Add(await CheckPathAsync(client, endpoint, path, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }

            var report = new SmokeCheckReport(endpoint, _settings.ExpectedStatus, results);
            if (!report.Passed)
            {
                throw Failed(report);
            }

            return report;
        }

        private async Task<SmokePathResult> CheckPathAsync(HttpClient client, PreviewEndpoint endpoint, string path, CancellationToken cancellationToken)
        {
            var result = new SmokePathResult(path, endpoint.UrlOf(path));
            for (int attempt = 1; attempt <= _settings.Attempts; attempt++)
            {
                if (attempt > 1)
                {
                    await Task.Delay(_settings.Delay, cancellationToken).ConfigureAwait(false);
                }

                result.Attempts = attempt;
                await FetchAsync(client, endpoint, result, cancellationToken).ConfigureAwait(false);
                _reporter.Verbose($"GET {result.Url} (try {attempt} of {_settings.Attempts}) {result.Outcome} in {result.Elapsed.TotalMilliseconds:0} ms.");
                if (result.Matched)
                {
                    break;
                }
            }

            return result;
        }

        private async Task FetchAsync(HttpClient client, PreviewEndpoint endpoint, SmokePathResult result, CancellationToken cancellationToken)
        {
            result.Status = null;
            result.Error = null;
            result.BodyExcerpt = null;
            result.TimedOut = false;
            result.Matched = false;
            Stopwatch clock = Stopwatch.StartNew();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var request = new HttpRequestMessage(HttpMethod.Get, result.Url))
            {
                timeout.CancelAfter(_settings.Timeout);
                request.Headers.TryAddWithoutValidation(endpoint.HeaderName, endpoint.HeaderValue);
                request.Headers.UserAgent.ParseAdd("BlueGreen-SmokeCheck/1.0");
                if (endpoint.Host != null)
                {
                    request.Headers.Host = endpoint.Host;
                }

                try
                {
                    using (HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                    {
                        result.Status = (int)response.StatusCode;
                        result.Matched = result.Status == _settings.ExpectedStatus;
                        if (!result.Matched)
                        {
                            result.BodyExcerpt = await ExcerptAsync(response, timeout.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException)
                {
                    // The request's timeout (or the connect timeout). Headers came and the body excerpt did not: the status still counts.
                    result.TimedOut = result.Status == null;
                    result.Error = result.Status == null ? FormattableString.Invariant($"no answer within {_settings.Timeout.TotalSeconds:0.#} s") : null;
                }
                catch (HttpRequestException ex)
                {
                    result.Error = Describe(ex);
                }
                finally
                {
                    result.Elapsed = clock.Elapsed;
                }
            }
        }

        private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using (Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            {
                var buffer = new byte[BodyReadBytes];
                int read = 0;
                int n;
                while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read, buffer.Length - read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                string text = Regex.Replace(Encoding.UTF8.GetString(buffer, 0, read), @"\s+", " ").Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                return text.Length <= BodyExcerptLength ? text : text.Substring(0, BodyExcerptLength) + "…";
            }
        }

        private static string Describe(HttpRequestException ex)
        {
            string message = ex.InnerException != null && ex.InnerException.Message != ex.Message ? ex.Message + " " + ex.InnerException.Message : ex.Message;
            if (ex.InnerException is System.Security.Authentication.AuthenticationException)
            {
                message += " (the load balancer's DNS name is not the name its certificate carries: set Smoke.BaseUrl to the site's address, or Smoke.AllowInvalidCertificate = $true)";
            }

            return message;
        }

        private HttpClient CreateClient()
        {
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = _settings.Timeout,
                PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            };
            if (_settings.AllowInvalidCertificate)
            {
                handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true };
            }

            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        private SmokeCheckFailedException Failed(SmokeCheckReport report)
        {
            IReadOnlyList<SmokePathResult> failures = report.Failures;
            bool allTimedOut = failures.All(f => f.TimedOut);
            string each = string.Join("; ", failures.Select(f =>
                $"{f.Path} {f.Outcome}" + (f.Status != null ? $" (expected {report.ExpectedStatus})" : string.Empty) +
                $" after {f.Attempts} {(f.Attempts == 1 ? "try" : "tries")}" + (f.BodyExcerpt != null ? $": \"{f.BodyExcerpt}\"" : string.Empty)));
            string message =
                $"The new release did not pass the smoke check through {report.Endpoint}: {each}. " +
                "No user is served by it yet. Look at the new release's logs on the idle group's machines, fix it and deploy again; " +
                "if the check itself is wrong, adjust Smoke (Paths, ExpectedStatus, Attempts, TimeoutSeconds) in bluegreen.psd1.";
            return allTimedOut
                ? new SmokeCheckFailedException("SmokeCheckTimeout", FailureCategory.OperationTimeout, message, report)
                : new SmokeCheckFailedException("SmokeCheckFailed", FailureCategory.InvalidResult, message, report);
        }
    }
}
