namespace BlueGreen.Sandbox.Model.Monitoring
{
    /// <summary>
    /// The dimension values AWS/ApplicationELB metrics carry, from ARNs: LoadBalancer <c>app/&lt;name&gt;/&lt;id&gt;</c>
    /// (the part of the load balancer's ARN after "loadbalancer/", or of a listener's, without the listener id) and
    /// TargetGroup <c>targetgroup/&lt;name&gt;/&lt;id&gt;</c>.
    /// </summary>
    internal static class AlbDimensions
    {
        internal const string Namespace = "AWS/ApplicationELB";

        /// <summary>The LoadBalancer value of a load balancer's or a listener's ARN; null when it is neither.</summary>
        internal static string? LoadBalancerOf(string arn)
        {
            int at = arn.IndexOf(":loadbalancer/", StringComparison.Ordinal);
            if (at >= 0)
            {
                return arn.Substring(at + ":loadbalancer/".Length);
            }

            at = arn.IndexOf(":listener/", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            string rest = arn.Substring(at + ":listener/".Length);
            int last = rest.LastIndexOf('/');
            return last > 0 ? rest.Substring(0, last) : null;
        }

        /// <summary>The TargetGroup value of a target group's ARN; null when it is not one.</summary>
        internal static string? TargetGroupOf(string arn)
        {
            int at = arn.IndexOf(":targetgroup/", StringComparison.Ordinal);
            return at < 0 ? null : arn.Substring(at + 1);
        }
    }
}
