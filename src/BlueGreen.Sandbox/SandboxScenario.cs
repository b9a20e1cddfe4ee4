namespace BlueGreen.Sandbox
{
    /// <summary>The world a sandbox starts with (and returns to on reset).</summary>
    public enum SandboxScenario
    {
        /// <summary>No load balancer, target group or instance.</summary>
        Empty,

        /// <summary>
        /// The demo project: load balancer <c>bluegreen-demo</c>, target groups <c>bluegreen-demo-blue</c> and
        /// <c>bluegreen-demo-green</c> tagged <c>bluegreen:project=demo</c>, HTTP:80 and HTTPS:443 forwarding to blue
        /// (HTTPS with an <c>/api/*</c> rule to blue and a preview rule, header <c>X-BlueGreen-Preview: 1</c>, to green), HTTP:8080 redirecting to HTTPS, and two running instances
        /// registered and healthy in blue. The groups health-check <c>/health/</c> every 5 s (timeout 2 s, 2 checks to
        /// change state), AWS's quickest.
        /// </summary>
        Demo,

        /// <summary>
        /// The demo project's load balancer, target groups, listeners and rules as in <see cref="Demo"/>, with no
        /// instance: for machines that serve real requests (the Local machine provider), launched by the user.
        /// </summary>
        DemoInfrastructure,
    }
}
