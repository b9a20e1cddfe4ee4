namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What CreateRule takes.</summary>
    public sealed class CreateRuleRequest
    {
        public string? ListenerArn { get; set; }

        /// <summary>1-50000; lower numbers are evaluated first.</summary>
        public int? Priority { get; set; }

        public List<RuleCondition> Conditions { get; set; } = new List<RuleCondition>();

        public List<Action> Actions { get; set; } = new List<Action>();

        public List<Tag> Tags { get; set; } = new List<Tag>();
    }
}
