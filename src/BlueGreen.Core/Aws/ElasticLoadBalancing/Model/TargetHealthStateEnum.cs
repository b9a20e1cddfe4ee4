namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>
    /// The values of TargetHealth.State that BlueGreen compares against (strings on the wire; the model's
    /// TargetHealthStateEnum lists them all).
    /// </summary>
    public static class TargetHealthStateEnum
    {
        public const string Initial = "initial";

        public const string Healthy = "healthy";

        public const string Unused = "unused";

        public const string Draining = "draining";
    }
}
