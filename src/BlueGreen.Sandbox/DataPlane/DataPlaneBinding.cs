namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>Where one listener of the sandbox answers real HTTP(S) requests: a local port on 127.0.0.1.</summary>
    public sealed class DataPlaneBinding
    {
        internal DataPlaneBinding(string listenerArn, string loadBalancerName, string protocol, int port, Uri localUrl)
        {
            ListenerArn = listenerArn;
            LoadBalancerName = loadBalancerName;
            Protocol = protocol;
            Port = port;
            LocalUrl = localUrl;
        }

        public string ListenerArn { get; }

        public string LoadBalancerName { get; }

        /// <summary>HTTP or HTTPS (HTTPS is served with <see cref="AwsSandbox.DataPlaneCertificate"/>).</summary>
        public string Protocol { get; }

        /// <summary>The listener's port on the load balancer, e.g. 80 (what X-Forwarded-Port and redirects say).</summary>
        public int Port { get; }

        /// <summary>Where to send requests, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
        public Uri LocalUrl { get; }

        public override string ToString() => $"{LoadBalancerName} {Protocol}:{Port} -> {LocalUrl}";
    }
}
