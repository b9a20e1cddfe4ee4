namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The values of LoadBalancerState.Code. Strings on the wire, as in the AWS SDK's constant class of the same name.</summary>
    public static class LoadBalancerStateEnum
    {
        public const string Active = "active";

        public const string Provisioning = "provisioning";

        public const string ActiveImpaired = "active_impaired";

        public const string Failed = "failed";
    }
}
