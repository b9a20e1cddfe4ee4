using System.Globalization;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Traffic;

namespace BlueGreen.Smoke
{
    /// <summary>
    /// Where and how to reach the idle group through the load balancer's preview route: the base address
    /// (&lt;listener protocol&gt;://&lt;load balancer DNS name&gt;:&lt;listener port&gt;, or a configured BaseUrl), the header
    /// and value the preview rule requires, and the Host the rule requires if it has a host-header condition.
    /// </summary>
    public sealed class PreviewEndpoint
    {
        public PreviewEndpoint(Uri baseAddress, string headerName, string headerValue, string route, string? host = null, IReadOnlyList<string>? pathPatterns = null)
        {
            if (baseAddress == null || !baseAddress.IsAbsoluteUri)
            {
                throw new ArgumentException("The base address must be an absolute http or https URI.", nameof(baseAddress));
            }

            BaseAddress = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + "/");
            HeaderName = headerName ?? throw new ArgumentNullException(nameof(headerName));
            HeaderValue = headerValue ?? throw new ArgumentNullException(nameof(headerValue));
            Route = route ?? throw new ArgumentNullException(nameof(route));
            Host = host;
            PathPatterns = pathPatterns ?? Array.Empty<string>();
        }

        /// <summary>Scheme, host and port every path is fetched from, e.g. https://shop-alb-1.us-east-1.elb.amazonaws.com:443/.</summary>
        public Uri BaseAddress { get; }

        public string HeaderName { get; }

        public string HeaderValue { get; }

        /// <summary>The preview rule, e.g. "HTTPS:443 rule 5 (X-BlueGreen-Preview 1)".</summary>
        public string Route { get; }

        /// <summary>The Host header to send (the rule's host-header condition), or null for the base address's host.</summary>
        public string? Host { get; }

        /// <summary>The rule's path-pattern condition values; a path must match one of them to reach the preview route. Empty: every path.</summary>
        public IReadOnlyList<string> PathPatterns { get; }

        /// <summary>Whether a request for <paramref name="path"/> (query string ignored) matches the rule's path patterns.</summary>
        public bool Covers(string path)
        {
            int query = path.IndexOf('?');
            string bare = query < 0 ? path : path.Substring(0, query);
            return PathPatterns.Count == 0 || PathPatterns.Any(p => Wildcard.IsMatch(p, bare, ignoreCase: false));
        }

        public Uri UrlOf(string path) => new Uri(BaseAddress, path);

        public override string ToString() => $"{Route} at {BaseAddress.GetLeftPart(UriPartial.Authority)}";

        /// <summary>
        /// The preview route of <paramref name="state"/>: an HTTPS listener's preview rule before an HTTP one's, then the
        /// lowest port and rule priority. Its header value, host and path conditions are read from the rule.
        /// </summary>
        /// <param name="loadBalancerDnsName">The load balancer's DNS name (LoadBalancer.DNSName); may be null when <paramref name="baseUrl"/> is given.</param>
        /// <param name="baseUrl">Scheme, host and port to fetch instead (Smoke.BaseUrl), or null.</param>
        public static PreviewEndpoint From(TrafficState state, string? loadBalancerDnsName, Uri? baseUrl)
        {
            ForwardingRoute? route = state.PreviewRoutes
                .Where(r => r.IsPreview && r.Port != null)
                .OrderBy(r => string.Equals(r.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(r => r.Port)
                .ThenBy(r => int.TryParse(r.RulePriority, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : int.MaxValue)
                .FirstOrDefault();
            if (route == null)
            {
                throw new BlueGreenException(
                    "NoPreviewRoute",
                    FailureCategory.ObjectNotFound,
                    $"Load balancer {state.LoadBalancerName} has no preview rule, so the new release cannot be tried before users are served by it. " +
                    $"Give one listener a rule whose condition is the HTTP header {ForwardingRoute.PreviewHeaderName} and which forwards to the idle group " +
                    $"({state.Idle.Name}), e.g. aws elbv2 create-rule --listener-arn <listener> --priority 1 " +
                    $"--conditions Field=http-header,HttpHeaderConfig={{HttpHeaderName={ForwardingRoute.PreviewHeaderName},Values=1}} " +
                    $"--actions Type=forward,TargetGroupArn={state.Idle.Arn}; BlueGreen moves it to the idle group on every switch (README: the preview rule).",
                    state.LoadBalancerName);
            }

            RuleCondition header = route.RuleConditions.First(c =>
                c.Field == "http-header" && string.Equals(c.HttpHeaderConfig?.HttpHeaderName, ForwardingRoute.PreviewHeaderName, StringComparison.OrdinalIgnoreCase));
            string headerValue = Wildcard.Example(header.HttpHeaderConfig!.Values) ?? "1";
            List<string> hosts = ValuesOf(route, "host-header", c => c.HostHeaderConfig?.Values);
            List<string> paths = ValuesOf(route, "path-pattern", c => c.PathPatternConfig?.Values);
            List<string> methods = ValuesOf(route, "http-request-method", c => c.HttpRequestMethodConfig?.Values);
            if (methods.Count > 0 && !methods.Contains("GET", StringComparer.Ordinal))
            {
                throw new BlueGreenException(
                    "PreviewRouteUnreachable",
                    FailureCategory.InvalidData,
                    $"The preview rule {route.Name} only matches the methods {string.Join(", ", methods)}, so the smoke check's GET requests would not reach the idle group. Add GET to its http-request-method condition or remove the condition.",
                    route.RuleArn);
            }

            Uri baseAddress;
            string? host = null;
            if (baseUrl != null)
            {
                baseAddress = baseUrl;
                if (hosts.Count > 0 && !hosts.Any(h => Wildcard.IsMatch(h, baseUrl.Host, ignoreCase: true)))
                {
                    throw new BlueGreenException(
                        "PreviewRouteUnreachable",
                        FailureCategory.InvalidData,
                        $"Smoke.BaseUrl's host {baseUrl.Host} does not match the preview rule {route.Name}'s host condition ({string.Join(", ", hosts)}), so its requests would reach the live group, not the new release. Use a BaseUrl whose host the rule matches, or widen the rule's host-header condition.",
                        route.RuleArn);
                }
            }
            else
            {
                if (string.IsNullOrWhiteSpace(loadBalancerDnsName))
                {
                    throw new ArgumentException("The load balancer's DNS name is needed when no base URL is configured.", nameof(loadBalancerDnsName));
                }

                string scheme = string.Equals(route.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase) ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
                baseAddress = new UriBuilder(scheme, loadBalancerDnsName, route.Port!.Value).Uri;
                if (hosts.Count > 0)
                {
                    host = hosts.FirstOrDefault(h => h.IndexOfAny(new[] { '*', '?' }) < 0) ?? throw new BlueGreenException(
                        "PreviewRouteUnreachable",
                        FailureCategory.InvalidData,
                        $"The preview rule {route.Name} matches only the hosts {string.Join(", ", hosts)}; a request to the load balancer's DNS name would not reach it. Set Smoke.BaseUrl in bluegreen.psd1 to an address with such a host, e.g. 'https://shop.example.com'.",
                        route.RuleArn);
                }
            }

            return new PreviewEndpoint(baseAddress, ForwardingRoute.PreviewHeaderName, headerValue, route.Name, host, paths);
        }

        private static List<string> ValuesOf(ForwardingRoute route, string field, Func<RuleCondition, List<string>?> config) =>
            route.RuleConditions.Where(c => c.Field == field).SelectMany(c => c.Values.Count > 0 ? c.Values : config(c) ?? new List<string>()).ToList();
    }
}
