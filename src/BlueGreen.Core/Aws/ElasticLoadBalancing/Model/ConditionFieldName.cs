namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The values of RuleCondition.Field. Strings on the wire, as in the AWS SDK's constant class of the same name.</summary>
    public static class ConditionFieldName
    {
        public const string HostHeader = "host-header";

        public const string PathPattern = "path-pattern";

        public const string HttpHeader = "http-header";

        public const string HttpRequestMethod = "http-request-method";

        public const string QueryString = "query-string";

        public const string SourceIp = "source-ip";
    }
}
