namespace BlueGreen.Configuration
{
    /// <summary>
    /// How a deployment puts the site into maintenance (the Maintenance section of bluegreen.psd1): django-maintenance-mode's
    /// manage.py commands on the machines (<see cref="MaintenanceModeKind.Django"/>), or a fixed response of the load
    /// balancer (<see cref="MaintenanceModeKind.LoadBalancer"/>).
    /// </summary>
    public sealed class MaintenanceSettings
    {
        /// <summary>ALB's limit on a fixed response's body, in bytes (UTF-8).</summary>
        public const int MaxBodyBytes = 1024;

        /// <summary>The content types ALB accepts for a fixed response.</summary>
        public static readonly IReadOnlyList<string> AllowedContentTypes = new[] { "text/plain", "text/css", "text/html", "application/javascript", "application/json" };

        public MaintenanceModeKind Mode { get; set; } = MaintenanceModeKind.Django;

        /// <summary>manage.py arguments that turn Django's maintenance mode on (Django mode).</summary>
        public IReadOnlyList<string> On { get; set; } = new[] { "maintenance_mode", "on" };

        /// <summary>manage.py arguments that turn it off (Django mode).</summary>
        public IReadOnlyList<string> Off { get; set; } = new[] { "maintenance_mode", "off" };

        /// <summary>
        /// Django mode: true when django-maintenance-mode keeps its state where every machine reads it (a shared
        /// backend such as the database or a cache), so one machine's command is enough. False (the default, the
        /// package's local-file backend): the command runs on every machine that serves.
        /// </summary>
        public bool Shared { get; set; }

        /// <summary>LoadBalancer mode: the status of the fixed response (500-599).</summary>
        public int StatusCode { get; set; } = 503;

        /// <summary>LoadBalancer mode: one of <see cref="AllowedContentTypes"/>.</summary>
        public string ContentType { get; set; } = "text/html";

        /// <summary>LoadBalancer mode: the response body, at most <see cref="MaxBodyBytes"/> bytes of UTF-8.</summary>
        public string Body { get; set; } = "<h1>Down for maintenance</h1><p>We will be back in a few minutes.</p>";
    }
}
