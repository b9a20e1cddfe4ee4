namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A listener rule: conditions and the actions taken when they match.</summary>
    public sealed class Rule
    {
        public string? RuleArn { get; set; }

        /// <summary>A number as text, or "default" for the listener's default rule.</summary>
        public string? Priority { get; set; }

        public bool IsDefault { get; set; }

        public List<RuleCondition> Conditions { get; set; } = new List<RuleCondition>();

        public List<Action> Actions { get; set; } = new List<Action>();
    }
}
