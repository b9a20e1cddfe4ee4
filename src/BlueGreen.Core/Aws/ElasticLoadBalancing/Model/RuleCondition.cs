namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>One condition of a rule. Field names the condition; either Values or the matching *Config carries its values.</summary>
    public sealed class RuleCondition
    {
        /// <summary>http-header, http-request-method, host-header, path-pattern, query-string or source-ip.</summary>
        public string? Field { get; set; }

        public List<string> Values { get; set; } = new List<string>();

        public HostHeaderConditionConfig? HostHeaderConfig { get; set; }

        public PathPatternConditionConfig? PathPatternConfig { get; set; }

        public HttpHeaderConditionConfig? HttpHeaderConfig { get; set; }

        public QueryStringConditionConfig? QueryStringConfig { get; set; }

        public HttpRequestMethodConditionConfig? HttpRequestMethodConfig { get; set; }

        public SourceIpConditionConfig? SourceIpConfig { get; set; }
    }
}
