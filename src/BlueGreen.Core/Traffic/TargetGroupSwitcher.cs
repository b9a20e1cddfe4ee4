using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Carries out a <see cref="TargetGroupSwitchPlan"/>: one approval per route (asked first, all of them), then every
    /// approved ModifyListener/ModifyRule sent at once, so the window in which some routes send users to the old
    /// release and some to the new is one round trip, however many routes. Then the incoming tag is moved while the
    /// changed routes are read back (at once too), and the switch fails loudly if anything does not point where it
    /// should. If a change fails, every route that changed is put back (those whose change was answered, and those
    /// whose failed change is read back as landed all the same), so the site never stays half switched.
    /// </summary>
    public sealed class TargetGroupSwitcher(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
    {
        private const int ProgressActivity = 3101;

        /// <summary>How long one modification (or its undoing) may take; it is never cut off by the caller once sent.</summary>
        private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

        private readonly IElasticLoadBalancingV2 _elb = elb;
        private readonly IOperationReporter _reporter = reporter;

        /// <param name="plan">From <see cref="TargetGroupSwitchPlanner"/>.</param>
        /// <param name="approval">Asked once per route (ShouldProcess), on the caller's thread, before anything is sent.</param>
        /// <param name="force">Switch even when the incoming group has no healthy target.</param>
        /// <returns>Every planned change with its outcome.</returns>
        public async Task<IReadOnlyList<RouteChange>> ExecuteAsync(
            TargetGroupSwitchPlan plan,
            IChangeApproval approval,
            bool force,
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

            var approved = new List<RouteChange>();
            try
            {
                int index = 0;
                foreach (RouteChange change in plan.Changes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _reporter.Progress(new ProgressUpdate(ProgressActivity, $"Switching traffic to {plan.To.Name}", change.Route.Name, 100 * index++ / plan.Changes.Count));
                    if (approval.Approve($"{change.Route.Name} ({change.ResourceArn})", $"Forward {change.After} (now {change.Before})"))
                    {
                        approved.Add(change);
                    }
                    else
                    {
                        change.Status = RouteChangeStatus.Skipped;
                    }
                }

                // Ctrl+C is honoured up to here. Once sent, a change is not cancelled: a call cut off may still land,
                // and then no list would say to put it back.
                cancellationToken.ThrowIfCancellationRequested();
                if (approved.Count == 0)
                {
                    return plan.Changes;
                }

                _reporter.Progress(new ProgressUpdate(ProgressActivity, $"Switching traffic to {plan.To.Name}", $"{approved.Count} route(s) at once", 90));
                foreach (RouteChange change in approved)
                {
                    _reporter.Verbose($"{(change.Route.IsDefault ? "ModifyListener" : "ModifyRule")} {change.ResourceArn}: {change.Before} -> {change.After}.");
                }

                Task[] sends = approved.Select(c => SendAsync(c.Route, c.NewActions)).ToArray();
                await WhenAllSettled(sends).ConfigureAwait(false);
                var failures = new List<(RouteChange Change, Exception Error)>();
                for (int i = 0; i < approved.Count; i++)
                {
                    if (sends[i].IsCompletedSuccessfully)
                    {
                        approved[i].Status = RouteChangeStatus.Applied;
                    }
                    else
                    {
                        failures.Add((approved[i], sends[i].Exception?.GetBaseException() ?? new OperationCanceledException()));
                    }
                }

                if (failures.Count > 0)
                {
                    string rollback = await RollBackAsync(plan, approved, failures).ConfigureAwait(false);
                    Exception first = failures[0].Error;
                    throw new BlueGreenException(
                        "SwitchFailed",
                        first is BlueGreenException bg ? bg.Category : FailureCategory.NotSpecified,
                        $"The switch to {plan.To.Name} failed: {string.Join("; ", failures.Select(f => $"{f.Change.Route.Name}: {f.Error.Message}"))} " +
                        $"({approved.Count - failures.Count} of the {approved.Count} route change(s) sent at once had been answered as made). {rollback}",
                        plan.To,
                        first);
                }
            }
            finally
            {
                _reporter.Complete(ProgressActivity);
            }

            // Every route has moved: the incoming tag follows whatever the caller does now (it says which way a canary
            // is going), while the changed routes are read back.
            Task verify = VerifyAsync(plan, approved, cancellationToken);
            Task mark = MarkIncomingAsync(plan);
            await WhenAllSettled(new[] { verify, mark }).ConfigureAwait(false);
            await verify.ConfigureAwait(false);
            await mark.ConfigureAwait(false);
            return plan.Changes;
        }

        /// <summary>Waits for every task to end, failed or not (their failures are read from the tasks).</summary>
        private static async Task WhenAllSettled(IEnumerable<Task> tasks)
        {
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch
            {
                // Each task's own outcome is looked at by the caller.
            }
        }

        /// <summary>One modification with its own deadline, never the caller's cancellation (see above).</summary>
        private async Task SendAsync(ForwardingRoute route, IEnumerable<Aws.ElasticLoadBalancing.Model.Action> actions)
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            if (route.IsDefault)
            {
                await _elb.ModifyListenerAsync(route.ListenerArn, actions, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await _elb.ModifyRuleAsync(route.RuleArn!, actions, timeout.Token).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Puts back every route that changed: those whose modification was answered, and those whose modification
        /// failed but is read back as made (a call that timed out or whose answer was lost may still have landed).
        /// A failed change that cannot be read back is put back all the same. Runs even when the caller cancelled;
        /// every undoing at once.
        /// </summary>
        private async Task<string> RollBackAsync(TargetGroupSwitchPlan plan, List<RouteChange> approved, List<(RouteChange Change, Exception Error)> failures)
        {
            // The routes answered as changed are put back at once, while the failed ones are read back.
            var toRestore = approved.Where(c => c.Status == RouteChangeStatus.Applied).ToList();
            var undoings = toRestore.Select(c => UndoAsync(c)).ToList();
            IReadOnlyDictionary<string, ForwardingRouteReading> readBack = await ReadRoutesAsync(plan, failures.Select(f => f.Change).ToList(), CancellationToken.None, tolerateFailure: true).ConfigureAwait(false);
            foreach ((RouteChange change, Exception _) in failures)
            {
                if (!readBack.TryGetValue(change.ResourceArn, out ForwardingRouteReading? now) || now.Failed)
                {
                    _reporter.Verbose($"{change.Route.Name} could not be read back after its change failed; putting it back to be sure.");
                }
                else if (now.Exists && now.Weights != null && Matches(now.Weights, change.ExpectedWeights))
                {
                    _reporter.Verbose($"{change.Route.Name} changed although its modification failed; putting it back.");
                }
                else
                {
                    continue;
                }

                toRestore.Add(change);
                undoings.Add(UndoAsync(change));
            }

            await WhenAllSettled(undoings).ConfigureAwait(false);
            var failed = new List<string>();
            for (int i = 0; i < toRestore.Count; i++)
            {
                if (undoings[i].IsCompletedSuccessfully)
                {
                    toRestore[i].Status = RouteChangeStatus.RolledBack;
                }
                else
                {
                    failed.Add($"{toRestore[i].Route.Name} ({toRestore[i].ResourceArn}) may still forward {toRestore[i].After}: {undoings[i].Exception?.GetBaseException().Message}");
                }
            }

            return failed.Count == 0
                ? $"The {toRestore.Count} route(s) that had changed were put back; traffic flows as before."
                : "Rolling back failed for: " + string.Join("; ", failed) + ". Point these routes back by hand (aws elbv2 modify-listener / modify-rule) or run Switch-BgTargetGroup again.";
        }

        private Task UndoAsync(RouteChange change)
        {
            _reporter.Verbose($"Rolling back {change.Route.Name} to {change.Before}.");
            return SendAsync(change.Route, change.Route.Actions);
        }

        private async Task MarkIncomingAsync(TargetGroupSwitchPlan plan)
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            string[] both = { plan.From.Arn, plan.To.Arn };
            if (plan.EndsSplit)
            {
                await _elb.RemoveTagsAsync(both, new[] { TrafficStateReader.IncomingTagKey }, timeout.Token).ConfigureAwait(false);
                return;
            }

            // Two groups, two independent calls: at once.
            await Task.WhenAll(
                _elb.RemoveTagsAsync(new[] { plan.From.Arn }, new[] { TrafficStateReader.IncomingTagKey }, timeout.Token),
                _elb.AddTagsAsync(new[] { plan.To.Arn }, new[] { new Tag { Key = TrafficStateReader.IncomingTagKey, Value = "true" } }, timeout.Token)).ConfigureAwait(false);
        }

        /// <summary>
        /// Reads back only what the switch changed: the load balancer's listeners when a default action changed, the
        /// rules of each listener one of whose rules changed; every read at once (one round trip).
        /// </summary>
        private async Task VerifyAsync(TargetGroupSwitchPlan plan, List<RouteChange> applied, CancellationToken cancellationToken)
        {
            _reporter.Verbose("Reading the changed routes back to verify the switch.");
            IReadOnlyDictionary<string, ForwardingRouteReading> after = await ReadRoutesAsync(plan, applied, cancellationToken, tolerateFailure: false).ConfigureAwait(false);
            var wrong = new List<string>();
            foreach (RouteChange change in applied)
            {
                if (!after.TryGetValue(change.ResourceArn, out ForwardingRouteReading? now) || !now.Exists || now.Weights == null)
                {
                    wrong.Add($"{change.Route.Name} no longer forwards to the project's groups");
                    continue;
                }

                foreach (KeyValuePair<string, int> expected in change.ExpectedWeights)
                {
                    int actual = now.Weights.TryGetValue(expected.Key, out int w) ? w : 0;
                    if (actual != expected.Value)
                    {
                        wrong.Add($"{change.Route.Name} sends {actual}% to {(expected.Key == plan.To.Arn ? plan.To.Name : plan.From.Name)}, expected {expected.Value}%");
                    }
                }

                string? foreign = now.Weights.Keys.FirstOrDefault(arn => !change.ExpectedWeights.ContainsKey(arn) && now.Weights[arn] > 0);
                if (foreign != null)
                {
                    wrong.Add($"{change.Route.Name} sends {now.Weights[foreign]}% to '{foreign}', which is neither of the project's groups");
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

        /// <summary>
        /// The forward weights of the given routes as they are now, by resource ARN: DescribeListeners once for the
        /// default actions, DescribeRules once per listener for the rules, all at once. With
        /// <paramref name="tolerateFailure"/>, a read that fails marks its routes <see cref="ForwardingRouteReading.Failed"/>.
        /// </summary>
        private async Task<IReadOnlyDictionary<string, ForwardingRouteReading>> ReadRoutesAsync(TargetGroupSwitchPlan plan, IReadOnlyList<RouteChange> changes, CancellationToken cancellationToken, bool tolerateFailure)
        {
            var result = new Dictionary<string, ForwardingRouteReading>(StringComparer.Ordinal);
            if (changes.Count == 0)
            {
                return result;
            }

            List<RouteChange> defaults = changes.Where(c => c.Route.IsDefault).ToList();
            List<IGrouping<string, RouteChange>> rulesByListener = changes.Where(c => !c.Route.IsDefault).GroupBy(c => c.Route.ListenerArn, StringComparer.Ordinal).ToList();
            Task<IReadOnlyList<Listener>>? listenersRead = defaults.Count > 0 ? _elb.DescribeListenersAsync(plan.LoadBalancerArn, cancellationToken) : null;
            List<Task<IReadOnlyList<Rule>>> rulesRead = rulesByListener.Select(g => _elb.DescribeRulesAsync(g.Key, cancellationToken)).ToList();
            var all = new List<Task>(rulesRead);
            if (listenersRead != null)
            {
                all.Add(listenersRead);
            }

            await WhenAllSettled(all).ConfigureAwait(false);
            if (!tolerateFailure)
            {
                // The first failure as it was thrown.
                foreach (Task read in all)
                {
                    await read.ConfigureAwait(false);
                }
            }

            if (listenersRead != null)
            {
                foreach (RouteChange change in defaults)
                {
                    result[change.ResourceArn] = !listenersRead.IsCompletedSuccessfully
                        ? ForwardingRouteReading.Unreadable
                        : ForwardingRouteReading.Of(listenersRead.Result.FirstOrDefault(l => l.ListenerArn == change.ResourceArn)?.DefaultActions);
                }
            }

            for (int i = 0; i < rulesByListener.Count; i++)
            {
                foreach (RouteChange change in rulesByListener[i])
                {
                    result[change.ResourceArn] = !rulesRead[i].IsCompletedSuccessfully
                        ? ForwardingRouteReading.Unreadable
                        : ForwardingRouteReading.Of(rulesRead[i].Result.FirstOrDefault(r => r.RuleArn == change.ResourceArn)?.Actions);
                }
            }

            return result;
        }

        private static bool Matches(IReadOnlyDictionary<string, int> actual, IReadOnlyDictionary<string, int> expected) =>
            expected.All(e => (actual.TryGetValue(e.Key, out int w) ? w : 0) == e.Value);

        /// <summary>A route as read back: gone, unreadable, or forwarding with these weights (null: no forward action).</summary>
        private sealed class ForwardingRouteReading
        {
            internal static readonly ForwardingRouteReading Unreadable = new ForwardingRouteReading { Failed = true };

            internal bool Failed { get; private set; }

            internal bool Exists { get; private set; }

            internal IReadOnlyDictionary<string, int>? Weights { get; private set; }

            internal static ForwardingRouteReading Of(List<Aws.ElasticLoadBalancing.Model.Action>? actions)
            {
                if (actions == null)
                {
                    return new ForwardingRouteReading();
                }

                Aws.ElasticLoadBalancing.Model.Action? forward = actions.FirstOrDefault(a => a.Type == ActionTypeEnum.Forward);
                return new ForwardingRouteReading { Exists = true, Weights = forward == null ? null : TrafficStateReader.WeightsOf(forward) };
            }
        }
    }
}
