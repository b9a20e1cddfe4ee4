namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A non-default listener rule: a priority, conditions and actions.</summary>
    internal sealed class ListenerRule
    {
        internal ListenerRule(string arn, string listenerArn, int priority)
        {
            Arn = arn;
            ListenerArn = listenerArn;
            Priority = priority;
        }

        internal string Arn { get; }

        internal string ListenerArn { get; }

        internal int Priority { get; set; }

        internal IReadOnlyList<RuleCondition> Conditions { get; set; } = new List<RuleCondition>();

        internal IReadOnlyList<RuleAction> Actions { get; set; } = new List<RuleAction>();

        internal TagSet Tags { get; } = new TagSet();
    }
}
