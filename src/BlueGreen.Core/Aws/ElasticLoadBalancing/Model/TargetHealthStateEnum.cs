namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The values of TargetHealth.State. Strings on the wire, as in the AWS SDK's constant class of the same name.</summary>
    public static class TargetHealthStateEnum
    {
        public const string Initial = "initial";

        public const string Healthy = "healthy";

        public const string Unhealthy = "unhealthy";

        public const string Unused = "unused";

        public const string Draining = "draining";

        public const string Unavailable = "unavailable";
    }
}
