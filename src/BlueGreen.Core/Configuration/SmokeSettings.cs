namespace BlueGreen.Configuration
{
    /// <summary>
    /// The pre-switch smoke check (the Smoke section of bluegreen.psd1): which paths the new release must answer,
    /// through the load balancer's preview route, with which status, before any user is served by it.
    /// </summary>
    public sealed class SmokeSettings
    {
        /// <summary>Paths fetched with GET, each starting with '/' (a query string is allowed).</summary>
        public IReadOnlyList<string> Paths { get; set; } = new[] { "/" };

        /// <summary>The status every path must answer (100-599). Redirects are not followed.</summary>
        public int ExpectedStatus { get; set; } = 200;

        /// <summary>Tries per path before it counts as failed (1-20).</summary>
        public int Attempts { get; set; } = 3;

        /// <summary>Wait between two tries of a path.</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long one request may take, headers and body excerpt included.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Scheme, host and port to fetch instead of the load balancer's DNS name and the preview listener, e.g.
        /// https://shop.example.com (a name that resolves to the load balancer and that the certificate and Django's
        /// ALLOWED_HOSTS accept). Null: &lt;listener protocol&gt;://&lt;load balancer DNS name&gt;:&lt;listener port&gt;.
        /// </summary>
        public Uri? BaseUrl { get; set; }

        /// <summary>HTTPS: accept a certificate that does not validate (e.g. it names the site, not the load balancer's DNS name).</summary>
        public bool AllowInvalidCertificate { get; set; }
    }
}
