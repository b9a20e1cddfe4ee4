using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Diagnostics;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Carries out a <see cref="TargetGroupSwitchPlan"/>: one approval per route, one ModifyListener/ModifyRule
    /// per approved route, then reads the load balancer back and fails loudly if anything does not point where
    /// it should. If a change fails half-way, the routes already changed are put back, so the site never stays
    /// half switched.
    /// </summary>
    public sealed class TargetGroupSwitcher
    {
        private const int ProgressActivity = 3101;

        private readonly IElasticLoadBalancingV2 _elb;
        private readonly IOperationReporter _reporter;

        public TargetGroupSwitcher(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
        {
            _elb = elb;
            _reporter = reporter;
        }

        /// <param name="plan">From <see cref="TargetGroupSwitchPlanner"/>.</param>
        /// <param name="approval">Asked once per route (ShouldProcess).</param>
        /// <param name="force">Switch even when the incoming group has no healthy target.</param>
        /// <param name="readBack">Reads the traffic state again, for the verification.</param>
        /// <returns>Every planned change with its outcome.</returns>
        public async Task<IReadOnlyList<RouteChange>> ExecuteAsync(
            TargetGroupSwitchPlan plan,
            IChangeApproval approval,
            bool force,
            Func<CancellationToken, Task<TrafficState>> readBack,
            CancellationToken cancellationToken)
        {
            if (plan.IncomingPercent > 0 && plan.To.HealthyCount == 0 && plan.Changes.Count > 0)
            {
                if (!force)
                {
                    bool neverChecked = plan.To.TargetCount > 0 && plan.To.Targets.All(t => t.State == TargetHealthStateEnum.Unused);
                    string why = neverChecked
                        ? $"Its targets are 'unused': the load balancer health-checks only groups a listener or rule uses. Add a preview rule forwarding requests with the header {ForwardingRoute.PreviewHeaderName} to {plan.To.Name} (it then follows the idle group on every switch), or pass -Force to switch without knowing their health."
                        : "Register healthy machines first (New-BgMachine -TargetGroup Idle), wait for their health checks, or pass -Force to switch anyway.";
                    throw new BlueGreenException(
                        "NoHealthyTarget",
                        FailureCategory.InvalidOperation,
                        $"Target group {plan.To.Name} has no healthy target ({plan.To.TargetCount} registered{(plan.To.TargetCount > 0 ? ": " + string.Join(", ", plan.To.Targets) : string.Empty)}), so switching would take the site down. " + why,
                        plan.To);
                }

                _reporter.Warning($"Target group {plan.To.Name} has no healthy target; switching anyway because of -Force.");
            }

            if (plan.Changes.Count == 0)
            {
                _reporter.Verbose($"Every route already sends {plan.IncomingPercent}% to {plan.To.Name}; nothing to change.");
                return plan.Changes;
            }

            var applied = new List<RouteChange>();
            try
            {
                int index = 0;
                foreach (RouteChange change in plan.Changes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _reporter.Progress(new ProgressUpdate(ProgressActivity, $"Switching traffic to {plan.To.Name}", change.Route.Name, 100 * index++ / plan.Changes.Count));
                    if (!approval.Approve($"{change.Route.Name} ({change.ResourceArn})", $"Forward {change.After} (now {change.Before})"))
                    {
                        change.Status = RouteChangeStatus.Skipped;
                        continue;
                    }

                    _reporter.Verbose($"{(change.Route.IsDefault ? "ModifyListener" : "ModifyRule")} {change.ResourceArn}: {change.Before} -> {change.After}.");
                    // Not cancelled once sent: a call cut off by Ctrl+C may still land, and then no list would say
                    // to put it back. Ctrl+C is honoured between routes (above).
                    using (var callTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
                    {
                        await ApplyAsync(change.Route, change.NewActions, callTimeout.Token).ConfigureAwait(false);
                    }

                    change.Status = RouteChangeStatus.Applied;
                    applied.Add(change);
                }
            }
            catch (Exception failure) when (applied.Count > 0)
            {
                string rollback = await RollBackAsync(applied).ConfigureAwait(false);
                if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    _reporter.Warning($"The switch to {plan.To.Name} was stopped after {applied.Count} of {plan.Changes.Count} route(s). {rollback}");
                    throw;
                }

                throw new BlueGreenException(
                    "SwitchFailed",
                    failure is BlueGreenException bg ? bg.Category : FailureCategory.NotSpecified,
                    $"The switch to {plan.To.Name} failed at a route after {applied.Count} of {plan.Changes.Count} were changed: {failure.Message} {rollback}",
                    plan.To,
                    failure);
            }
            finally
            {
                _reporter.Complete(ProgressActivity);
            }

            if (applied.Count == 0)
            {
                return plan.Changes;
            }

            await MarkIncomingAsync(plan, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(plan, applied, readBack, cancellationToken).ConfigureAwait(false);
            return plan.Changes;
        }

        private Task ApplyAsync(ForwardingRoute route, IEnumerable<Aws.ElasticLoadBalancing.Model.Action> actions, CancellationToken cancellationToken) =>
            route.IsDefault
                ? _elb.ModifyListenerAsync(route.ListenerArn, actions, cancellationToken)
                : _elb.ModifyRuleAsync(route.RuleArn!, actions, cancellationToken);

        /// <summary>Puts every applied route back as it was. Runs even when the caller cancelled.</summary>
        private async Task<string> RollBackAsync(List<RouteChange> applied)
        {
            var failed = new List<string>();
            foreach (RouteChange change in Enumerable.Reverse(applied))
            {
                try
                {
                    _reporter.Verbose($"Rolling back {change.Route.Name} to {change.Before}.");
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                    await ApplyAsync(change.Route, change.Route.Actions, timeout.Token).ConfigureAwait(false);
                    change.Status = RouteChangeStatus.RolledBack;
                }
                catch (Exception ex)
                {
                    failed.Add($"{change.Route.Name} ({change.ResourceArn}) still forwards {change.After}: {ex.Message}");
                }
            }

            return failed.Count == 0
                ? $"The {applied.Count} route(s) already changed were put back; traffic flows as before."
                : "Rolling back failed for: " + string.Join("; ", failed) + ". Point these routes back by hand (aws elbv2 modify-listener / modify-rule) or run Switch-BgTargetGroup again.";
        }

        private async Task MarkIncomingAsync(TargetGroupSwitchPlan plan, CancellationToken cancellationToken)
        {
            string[] both = { plan.From.Arn, plan.To.Arn };
            if (plan.EndsSplit)
            {
                await _elb.RemoveTagsAsync(both, new[] { TrafficStateReader.IncomingTagKey }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _elb.RemoveTagsAsync(new[] { plan.From.Arn }, new[] { TrafficStateReader.IncomingTagKey }, cancellationToken).ConfigureAwait(false);
            await _elb.AddTagsAsync(new[] { plan.To.Arn }, new[] { new Tag { Key = TrafficStateReader.IncomingTagKey, Value = "true" } }, cancellationToken).ConfigureAwait(false);
        }

        private async Task VerifyAsync(TargetGroupSwitchPlan plan, List<RouteChange> applied, Func<CancellationToken, Task<TrafficState>> readBack, CancellationToken cancellationToken)
        {
            _reporter.Verbose("Reading the load balancer back to verify the switch.");
            TrafficState after = await readBack(cancellationToken).ConfigureAwait(false);
            var wrong = new List<string>();
            foreach (RouteChange change in applied)
            {
                ForwardingRoute? now = after.Routes.Concat(after.PreviewRoutes).FirstOrDefault(r => r.ResourceArn == change.ResourceArn);
                if (now == null)
                {
                    wrong.Add($"{change.Route.Name} no longer forwards to the project's groups");
                    continue;
                }

                foreach (KeyValuePair<string, int> expected in change.ExpectedWeights)
                {
                    if (now.WeightOf(expected.Key) != expected.Value)
                    {
                        wrong.Add($"{change.Route.Name} sends {now.WeightOf(expected.Key)}% to {after.Group(expected.Key).Name}, expected {expected.Value}%");
                    }
                }
            }

            if (wrong.Count > 0)
            {
                throw new BlueGreenException(
                    "VerificationFailed",
                    FailureCategory.InvalidResult,
                    "After the switch the load balancer does not point where it should: " + string.Join("; ", wrong) +
                    ". Something else changed it at the same time, or the change did not take. Inspect it with Get-BgTargetGroup and run Switch-BgTargetGroup again.",
                    plan.To);
            }

            _reporter.Verbose($"Verified: {applied.Count} route(s) now send {plan.IncomingPercent}% to {plan.To.Name}.");
        }
    }
}
