using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Plans the target groups' part of <see cref="LoadBalancerPreparation"/>: the second group as a copy of the live
    /// one (protocol, port, VPC, target type, health check) or the existing one, the attributes that matter copied onto
    /// it, and the project's tags on both.
    /// </summary>
    internal sealed class TargetGroupCopyPlanner(IElasticLoadBalancingV2 elb)
    {
        /// <summary>The attributes copied to the second group (those ELBv2 reports for the live one).</summary>
        internal static readonly string[] CopiedAttributes =
        {
            "deregistration_delay.timeout_seconds",
            "stickiness.enabled",
            "stickiness.type",
            "stickiness.lb_cookie.duration_seconds",
            "stickiness.app_cookie.cookie_name",
            "stickiness.app_cookie.duration_seconds",
            "slow_start.duration_seconds",
            "load_balancing.algorithm.type",
        };

        private readonly IElasticLoadBalancingV2 _elb = elb;

        /// <summary>The group to create (or the existing one), its attributes and the tags of both groups.</summary>
        internal async Task PlanAsync(LoadBalancerPreparationPlan plan, TargetGroupTags tags, CancellationToken cancellationToken)
        {
            TargetGroup live = plan.Live;
            string lb = plan.LoadBalancerName;
            List<Tag> idleTags = TargetGroupTags.ProjectTags(plan.Project, plan.IdleColor);
            if (plan.Idle == null)
            {
                plan.Create = CreateTargetGroupRequest.CopyOf(live);
                plan.Create.Name = plan.IdleName;
                plan.Create.Tags = idleTags;
                string copy = $"{live.Protocol}{(live.ProtocolVersion != null ? "/" + live.ProtocolVersion : string.Empty)}:{live.Port} in {live.VpcId}, targets by {live.TargetType ?? "instance"}, " +
                    $"health check {live.HealthCheckProtocol} {live.HealthCheckPath ?? string.Empty} on {live.HealthCheckPort ?? "traffic-port"} every {live.HealthCheckIntervalSeconds} s " +
                    $"(timeout {live.HealthCheckTimeoutSeconds} s, healthy {live.HealthyThresholdCount}, unhealthy {live.UnhealthyThresholdCount}, codes {live.Matcher?.HttpCode ?? live.Matcher?.GrpcCode})";
                plan.ItemList.Add(new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.TargetGroup, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                    $"A copy of {plan.LiveName}: {copy}.")
                {
                    ApprovalTarget = $"{plan.IdleName} (new target group)",
                    ApprovalAction = $"Create target group, a copy of {plan.LiveName} ({copy}), tagged {TargetGroupTags.Describe(idleTags)}",
                });
            }
            else
            {
                plan.ItemList.Add(new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.TargetGroup, plan.IdleName, LoadBalancerPreparationStatus.Unchanged,
                    $"Exists; the second group next to {plan.LiveName}.") { Arn = plan.Idle.TargetGroupArn });
            }

            // Attributes: what the live group reports of those that matter, onto the second group.
            IReadOnlyList<TargetGroupAttribute> liveAttributes = await _elb.DescribeTargetGroupAttributesAsync(live.TargetGroupArn!, cancellationToken).ConfigureAwait(false);
            List<TargetGroupAttribute> copied = CopiedAttributes
                .Select(key => liveAttributes.FirstOrDefault(a => a.Key == key))
                .Where(a => a != null && a.Value != null)
                .Select(a => new TargetGroupAttribute { Key = a!.Key, Value = a.Value })
                .ToList();
            var attributes = new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.Attributes, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                $"Copy from {plan.LiveName}: {Describe(copied)}.")
            {
                Arn = plan.IdleArn,
                NeedsIdleGroup = true,
                ApprovalTarget = $"{plan.IdleName} (target group attributes)",
                ApprovalAction = $"Copy the attributes of {plan.LiveName}: {Describe(copied)}",
            };
            attributes.AttributesToCopy.AddRange(copied);
            if (plan.Idle != null)
            {
                List<TargetGroupAttribute> differing = Differing(copied, await _elb.DescribeTargetGroupAttributesAsync(plan.Idle.TargetGroupArn!, cancellationToken).ConfigureAwait(false));
                if (differing.Count == 0)
                {
                    attributes.Status = LoadBalancerPreparationStatus.Unchanged;
                    attributes.Detail = $"As on {plan.LiveName}: {Describe(copied)}.";
                }
                else
                {
                    attributes.AttributesToCopy.Clear();
                    attributes.AttributesToCopy.AddRange(differing);
                    attributes.Detail = $"Copy from {plan.LiveName}: {Describe(differing)}.";
                    attributes.ApprovalAction = $"Copy the attributes of {plan.LiveName}: {Describe(differing)}";
                }
            }

            if (copied.Count > 0 || plan.Idle != null)
            {
                plan.ItemList.Add(attributes);
            }

            plan.ItemList.Add(PlanTags(plan, live.TargetGroupArn!, plan.LiveName, plan.LiveColor, "live", tags));
            if (plan.Idle == null)
            {
                var withCreation = new LoadBalancerPreparationItem(lb, LoadBalancerPreparationItemKind.Tags, plan.IdleName, LoadBalancerPreparationStatus.Planned,
                    $"{TargetGroupTags.Describe(idleTags)} (idle), given with CreateTargetGroup.")
                { WithCreation = true, NeedsIdleGroup = true };
                withCreation.TagsToAdd.AddRange(idleTags);
                plan.ItemList.Add(withCreation);
            }
            else
            {
                plan.ItemList.Add(PlanTags(plan, plan.Idle.TargetGroupArn!, plan.IdleName, plan.IdleColor, "idle", tags));
            }
        }

        private static LoadBalancerPreparationItem PlanTags(LoadBalancerPreparationPlan plan, string arn, string name, string color, string role, TargetGroupTags tags)
        {
            var missing = new List<Tag>();
            if (tags.ProjectOf(arn) == null)
            {
                missing.Add(new Tag { Key = ProjectConfiguration.ProjectTagKey, Value = plan.Project });
            }

            if (tags.ColorOf(arn) == null)
            {
                missing.Add(new Tag { Key = ProjectConfiguration.ColorTagKey, Value = color });
            }

            var item = new LoadBalancerPreparationItem(plan.LoadBalancerName, LoadBalancerPreparationItemKind.Tags, name,
                missing.Count == 0 ? LoadBalancerPreparationStatus.Unchanged : LoadBalancerPreparationStatus.Planned,
                missing.Count == 0 ? $"{TargetGroupTags.Describe(TargetGroupTags.ProjectTags(plan.Project, color))} ({role})." : $"Add {TargetGroupTags.Describe(missing)} ({role}).")
            {
                Arn = arn,
                ApprovalTarget = $"{name} ({arn})",
                ApprovalAction = $"Add tags {TargetGroupTags.Describe(missing)}",
            };
            item.TagsToAdd.AddRange(missing);
            return item;
        }

        /// <summary>The attributes of <paramref name="wanted"/> whose value differs from (or is missing in) <paramref name="current"/>.</summary>
        internal static List<TargetGroupAttribute> Differing(IEnumerable<TargetGroupAttribute> wanted, IReadOnlyList<TargetGroupAttribute> current) =>
            wanted.Where(w => current.FirstOrDefault(c => c.Key == w.Key)?.Value != w.Value).ToList();

        internal static string Describe(IEnumerable<TargetGroupAttribute> attributes)
        {
            string text = string.Join(", ", attributes.Select(a => $"{a.Key}={a.Value}"));
            return text.Length == 0 ? "none reported" : text;
        }
    }
}
