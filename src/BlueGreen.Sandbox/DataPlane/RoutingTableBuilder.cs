using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// The routing table the data plane gets: every HTTP/HTTPS listener of an Application Load Balancer with its rules
    /// in priority order and its default action, and the groups they forward to with the targets that may take new
    /// requests (registered, not draining, instance running), each marked healthy or not as DescribeTargetHealth says.
    /// </summary>
    internal static class RoutingTableBuilder
    {
        /// <summary>Builds the table; the caller holds the world's gate.</summary>
        internal static RoutingTable Build(SandboxWorld world, out Dictionary<string, KeyValuePair<string, Listener>> listenerOwners)
        {
            LoadBalancingState state = world.LoadBalancing;
            var table = new RoutingTable();
            listenerOwners = new Dictionary<string, KeyValuePair<string, Listener>>();
            var groups = new HashSet<string>();
            foreach (Listener listener in state.Listeners.Where(l => l.Protocol == "HTTP" || l.Protocol == "HTTPS"))
            {
                LoadBalancer? loadBalancer = state.LoadBalancers.FirstOrDefault(lb => lb.Arn == listener.LoadBalancerArn);
                if (loadBalancer == null || loadBalancer.Type != "application")
                {
                    continue;
                }

                listenerOwners[listener.Arn] = new KeyValuePair<string, Listener>(loadBalancer.Name, listener);
                var routed = new RoutedListener
                {
                    Arn = listener.Arn,
                    Protocol = listener.Protocol,
                    Port = listener.Port,
                    DefaultAction = ActionOf(listener.DefaultActions, groups),
                };
                foreach (ListenerRule rule in listener.Rules.OrderBy(r => r.Priority))
                {
                    routed.Rules.Add(new RoutedRule
                    {
                        Priority = rule.Priority,
                        Conditions = rule.Conditions.Select(c => new RoutedCondition
                        {
                            Field = c.Field,
                            Values = c.Values.ToList(),
                            HttpHeaderName = c.HttpHeaderName,
                            QueryStrings = c.QueryStrings.Select(q => new QueryStringPair { Key = q.Key, Value = q.Value }).ToList(),
                        }).ToList(),
                        Action = ActionOf(rule.Actions, groups),
                    });
                }

                table.Listeners.Add(routed);
            }

            foreach (TargetGroup group in state.TargetGroups.Where(g => groups.Contains(g.Arn)))
            {
                var routed = new RoutedTargetGroup { Arn = group.Arn, Protocol = group.Protocol ?? "HTTP" };
                foreach (RegisteredTarget target in group.Targets.Where(t => t.DeregisteredAt == null))
                {
                    TargetHealth health = state.Targets.HealthOf(group, target);
                    if (health.State == "unused" || health.State == "draining")
                    {
                        continue;
                    }

                    routed.Targets.Add(new RoutedTarget
                    {
                        Id = target.Id,
                        Port = target.Port,
                        Address = state.Targets.LocalEndpointOf(group, target)?.ToString(),
                        Healthy = health.State == "healthy",
                    });
                }

                table.TargetGroups.Add(routed);
            }

            return table;
        }

        /// <summary>
        /// True while the table may change with time alone, no request or health check being needed: an instance still
        /// booting or shutting down, or a simulated target still in its registration time. The caller holds the gate.
        /// </summary>
        internal static bool MayChangeWithTime(SandboxWorld world)
        {
            DateTimeOffset now = world.Now;
            foreach (Ec2Instance instance in world.Compute.Instances)
            {
                InstanceState state = world.Compute.StateOf(instance);
                if (state == InstanceState.Pending || state == InstanceState.ShuttingDown)
                {
                    return true;
                }
            }

            TimeSpan registration = world.Options.TargetRegistrationTime;
            foreach (TargetGroup group in world.LoadBalancing.TargetGroups)
            {
                foreach (RegisteredTarget target in group.Targets)
                {
                    if (target.DeregisteredAt == null && now < target.RegisteredAt + registration)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The terminal action (the last, after any authenticate actions, which the data plane passes over).</summary>
        private static RoutedAction ActionOf(IReadOnlyList<RuleAction> actions, HashSet<string> groups)
        {
            RuleAction? action = actions.LastOrDefault();
            if (action == null)
            {
                return new RoutedAction { Type = RuleAction.FixedResponse, StatusCode = "503" };
            }

            var routed = new RoutedAction { Type = action.Type };
            if (action.ForwardConfig != null)
            {
                routed.TargetGroups = action.ForwardConfig.TargetGroups.Select(g => new WeightedGroup { TargetGroupArn = g.TargetGroupArn, Weight = g.Weight }).ToList();
                groups.UnionWith(routed.TargetGroups.Select(g => g.TargetGroupArn));
            }

            if (action.RedirectConfig != null)
            {
                routed.RedirectProtocol = action.RedirectConfig.Protocol;
                routed.RedirectPort = action.RedirectConfig.Port;
                routed.RedirectHost = action.RedirectConfig.Host;
                routed.RedirectPath = action.RedirectConfig.Path;
                routed.RedirectQuery = action.RedirectConfig.Query;
                routed.StatusCode = action.RedirectConfig.StatusCode;
            }

            if (action.FixedResponseConfig != null)
            {
                routed.StatusCode = action.FixedResponseConfig.StatusCode;
                routed.ContentType = action.FixedResponseConfig.ContentType;
                routed.MessageBody = action.FixedResponseConfig.MessageBody;
            }

            return routed;
        }
    }
}
