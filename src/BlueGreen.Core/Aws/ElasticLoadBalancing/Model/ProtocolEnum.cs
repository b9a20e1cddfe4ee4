namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The protocols of listeners, target groups and health checks. Strings on the wire, as in the AWS SDK's constant class of the same name.</summary>
    public static class ProtocolEnum
    {
        public const string HTTP = "HTTP";

        public const string HTTPS = "HTTPS";

        public const string TCP = "TCP";

        public const string TLS = "TLS";

        public const string UDP = "UDP";

        public const string TCP_UDP = "TCP_UDP";

        public const string GENEVE = "GENEVE";
    }
}
