using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A rule as DescribeRules reports it: a listener rule, or the listener's default rule (IsDefault, priority "default").</summary>
    internal sealed class DescribedRule(string arn, string priority, IReadOnlyList<RuleCondition> conditions, IReadOnlyList<RuleAction> actions, bool isDefault)
    {
        internal string Arn { get; } = arn;

        internal string Priority { get; } = priority;

        internal IReadOnlyList<RuleCondition> Conditions { get; } = conditions;

        internal IReadOnlyList<RuleAction> Actions { get; } = actions;

        internal bool IsDefault { get; } = isDefault;


        /// <summary>The rule as the model's Rule shape.</summary>
        internal JsonObject ToShape() => new JsonObject
        {
            ["RuleArn"] = Arn,
            ["Priority"] = Priority,
            ["Conditions"] = ShapeValues.Array(Conditions, c => c.ToShape()),
            ["Actions"] = ShapeValues.Array(Actions, a => a.ToShape()),
            ["IsDefault"] = IsDefault,
        };
    }
}
