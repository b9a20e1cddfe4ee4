using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>ELBv2's checks of a rule's (or a listener's default) actions and of a rule's conditions.</summary>
    internal sealed class RuleValidation(LoadBalancingState state)
    {
        internal static readonly string[] ApplicationProtocols = { "HTTP", "HTTPS" };
        private readonly LoadBalancingState _state = state;

        /// <summary>Count, order and kinds of the actions, and the groups they forward to (in the load balancer's VPC, of a compatible protocol, on no other load balancer).</summary>
        internal void Actions(IReadOnlyList<RuleAction> actions, LoadBalancer loadBalancer, string protocol)
        {
            if (actions.Count == 0)
            {
                throw ElbV2Validation.Error("At least one action must be specified");
            }

            if (actions.Count > 5)
            {
                throw new AwsErrorException("TooManyActions", "You've reached the limit on the number of actions per rule");
            }

            if (actions.Any(a => a.Order == null) && actions.Count > 1)
            {
                throw ElbV2Validation.Error("An action order must be specified when there is more than one action");
            }

            if (actions.Where(a => a.Order != null).GroupBy(a => a.Order).Any(g => g.Count() > 1))
            {
                throw ElbV2Validation.Error("Action orders must be unique");
            }

            List<RuleAction> ordered = Ordered(actions).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                bool last = i == ordered.Count - 1;
                if (ordered[i].IsTerminal != last)
                {
                    throw new AwsErrorException("InvalidLoadBalancerAction",
                        "The last action must be one of forward, redirect or fixed-response, and only the last action can be one of them");
                }

                if (!ordered[i].IsTerminal && loadBalancer.Type == "application" && protocol != "HTTPS")
                {
                    throw new AwsErrorException("InvalidLoadBalancerAction", "Authenticate actions are supported only on HTTPS listeners");
                }
            }

            var foreign = new List<string>();
            foreach (string arn in actions.SelectMany(a => a.TargetGroupArns).Distinct(StringComparer.Ordinal))
            {
                TargetGroup targetGroup = _state.GetTargetGroup(arn);
                if (_state.LoadBalancerArnsOf(targetGroup).Any(lb => lb != loadBalancer.Arn) && loadBalancer.Type == "application")
                {
                    foreign.Add(arn);
                }

                if (targetGroup.VpcId != null && targetGroup.VpcId != loadBalancer.VpcId)
                {
                    throw ElbV2Validation.Error($"Target group '{arn}' is not in the load balancer's VPC '{loadBalancer.VpcId}'");
                }

                if (loadBalancer.Type == "application" && targetGroup.Protocol != null && !ApplicationProtocols.Contains(targetGroup.Protocol))
                {
                    throw new AwsErrorException("IncompatibleProtocols", $"The target group protocol '{targetGroup.Protocol}' is not compatible with an Application Load Balancer");
                }
            }

            if (foreign.Count > 0)
            {
                throw new AwsErrorException("TargetGroupAssociationLimit",
                    $"The following target groups cannot be associated with more than one load balancer: '{string.Join("', '", foreign)}'");
            }
        }

        internal static void Conditions(IReadOnlyList<RuleCondition> conditions)
        {
            if (conditions.Count == 0)
            {
                throw ElbV2Validation.Error("At least one condition must be specified");
            }

            foreach (IGrouping<string, RuleCondition> field in conditions.GroupBy(c => c.Field))
            {
                if (field.Key != RuleCondition.HttpHeader && field.Key != RuleCondition.QueryString && field.Count() > 1)
                {
                    throw ElbV2Validation.Error($"A rule can have only one '{field.Key}' condition");
                }
            }

            int values = conditions.Sum(c => Math.Max(c.Values.Count, c.QueryStrings.Count));
            if (values > 5)
            {
                throw ElbV2Validation.Error("A rule can have at most 5 condition values");
            }
        }

        /// <summary>The actions in the order they run.</summary>
        internal static IReadOnlyList<RuleAction> Ordered(IReadOnlyList<RuleAction> actions) =>
            actions.OrderBy(a => a.Order ?? 0).ToList();
    }
}
