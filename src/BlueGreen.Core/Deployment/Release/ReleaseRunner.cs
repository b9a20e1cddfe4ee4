namespace BlueGreen.Deployment
{
    /// <summary>
    /// Runs a flow, an ordered list of <see cref="ReleaseStep"/>s: each that applies and is not done yet is journaled
    /// Started before it runs (written ahead) and ended with its outcome (written with the next step's start), or
    /// Failed (even after Ctrl+C) before the failure goes on; one with nothing to do is journaled Skipped in one write; progress follows the step's place in the flow. A failure of any flow ends in
    /// <see cref="FailAsync"/>, which decides what the site is left with.
    /// </summary>
    internal sealed class ReleaseRunner
    {
        private readonly ReleaseServices _release;

        internal ReleaseRunner(ReleaseServices release)
        {
            _release = release;
        }

        /// <summary>Runs <paramref name="steps"/> in order; returns why the release degraded (a step's <see cref="ReleaseStep.Degradation"/>), or null.</summary>
        internal async Task<string?> RunAsync(ReleaseContext c, IReadOnlyList<ReleaseStep> steps, CancellationToken cancellationToken)
        {
            for (int i = 0; i < steps.Count && c.Stopped == null; i++)
            {
                ReleaseStep step = steps[i];
                if (!step.Applies(c))
                {
                    continue;
                }

                if (step.IsDone(c))
                {
                    await step.AfterAsync(c, false, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Progress(c, step.Label, i, steps.Count);
                if (step.Skips(c))
                {
                    // Steps with nothing to do in a row (those that do not apply between them left out): journaled
                    // Skipped at the same time, as none takes effect (a skip record changes no step's Applies).
                    var skipped = new List<ReleaseStep> { step };
                    for (int next = i + 1; next < steps.Count; next++)
                    {
                        if (!steps[next].Applies(c))
                        {
                            continue;
                        }

                        if (steps[next].IsDone(c) || !steps[next].Skips(c))
                        {
                            break;
                        }

                        skipped.Add(steps[next]);
                        Progress(c, steps[next].Label, next, steps.Count);
                        i = next;
                    }

                    await SkipAsync(c, skipped, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                string? degraded = await RunStepAsync(c, step, cancellationToken).ConfigureAwait(false);
                if (degraded != null)
                {
                    return degraded;
                }

                await step.AfterAsync(c, true, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        /// <summary>Steps that have nothing to do (<see cref="ReleaseStep.Skips"/>), in order: journaled Skipped in one round trip.</summary>
        private static async Task SkipAsync(ReleaseContext c, IReadOnlyList<ReleaseStep> skipped, CancellationToken cancellationToken)
        {
            var records = new List<(string Name, string? Detail)>();
            foreach (ReleaseStep step in skipped)
            {
                await step.BeforeAsync(c, cancellationToken).ConfigureAwait(false);
                records.Add((step.Name, ShortDetail(step.Detail(c))));
            }

            cancellationToken.ThrowIfCancellationRequested();
            await c.Journal.RecordSkippedStepsAsync(records, cancellationToken).ConfigureAwait(false);
            foreach (ReleaseStep step in skipped)
            {
                await step.AfterAsync(c, true, cancellationToken).ConfigureAwait(false);
            }
        }

        private static string? ShortDetail(string? detail) => detail is { Length: > DeploymentTextLimits.StepDetail } ? detail.Substring(0, DeploymentTextLimits.StepDetail) : detail;

        /// <summary>Progress of a flow: <paramref name="position"/> of <paramref name="count"/> steps done (the flow's end: count of count).</summary>
        internal void Progress(ReleaseContext c, string phase, int position, int count) => _release.Progress(c, phase, 100 * position / count);

        /// <summary>
        /// One step, journaled: begun (persisted) before it runs, ended with its outcome, or Failed (written even after
        /// Ctrl+C) before the exception goes on; a degradation the step expects is journaled Failed and returned instead.
        /// </summary>
        internal async Task<string?> RunStepAsync(ReleaseContext c, ReleaseStep step, CancellationToken cancellationToken)
        {
            await step.BeforeAsync(c, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            string? detail = step.Detail(c);
            detail = ShortDetail(detail);
            if (step.Skips(c))
            {
                // Nothing to do: one write, Skipped.
                await c.Journal.RecordSkippedStepAsync(step.Name, detail, cancellationToken).ConfigureAwait(false);
                return null;
            }

            Task<DeploymentStep> beginning = c.Journal.BeginStepAsync(step.Name, detail, cancellationToken);
            Task readAhead = step.ReadAheadAsync(c, cancellationToken);
            DeploymentStep begun;
            try
            {
                begun = await beginning.ConfigureAwait(false);
            }
            catch
            {
                // Not begun: the step does not run; its reads are let finish (and their failure dropped).
                await readAhead.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }

            StepOutcome outcome;
            try
            {
                await readAhead.ConfigureAwait(false);
                outcome = await step.RunAsync(c, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is JournalWriteFailedException))
            {
                try
                {
                    await c.Journal.EndStepAsync(begun, StepOutcome.Failed, ex is OperationCanceledException ? "Stopped (cancelled)." : ex.Message, CancellationToken.None).ConfigureAwait(false);
                }
                catch (JournalWriteFailedException)
                {
                    // The original failure is the one to report; the journal's is seen by the next write.
                }

                string? degraded = step.Degradation(ex);
                if (degraded == null)
                {
                    throw;
                }

                return degraded;
            }

            // The step took effect: record it even if Ctrl+C came meanwhile. Its end goes with the journal's next write
            // (the next step's start, in one value): between two steps only reads happen, and until then the journal
            // says "may have been done", as after a crash inside the step.
            await c.Journal.EndStepWithNextWriteAsync(begun, outcome, CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        /// <summary>
        /// The way out of every failure: maintenance off if this run (or the crashed one it resumes) may have left it on,
        /// a canary's share sent back, the deployment recorded Failed with its lock kept (or, with RollbackOnFailure before
        /// the switch, its new machines removed and the lock released), and an error that says where things stand and what to run next.
        /// </summary>
        internal async Task<DeploymentFailedException> FailAsync(ReleaseContext c, Exception failure, CancellationToken cancellationToken, bool undoing = false)
        {
            // A stop is any failure after Ctrl+C (a scriptblock or prompt stopped by it throws PipelineStoppedException).
            bool stopped = cancellationToken.IsCancellationRequested;
            string? failedStep = c.Record.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Failed || s.Outcome == StepOutcome.Started)?.Name;
            var notes = new List<string>();
            if (c.MaintenanceMayBeOn)
            {
                notes.Add(await TurnMaintenanceOffAfterFailureAsync(c).ConfigureAwait(false));
            }

            if (!undoing && c.Begun(ReleaseSteps.SwitchCanary) && !c.Done(ReleaseSteps.SwitchTraffic))
            {
                // Stopped or failed while the canary ran (or while its shift was verified): a split is not a state to
                // leave behind. With a broken journal it is done all the same, unrecorded.
                try
                {
                    if (c.Journal.IsBroken)
                    {
                        await _release.SwitchToOldAsync(c, CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        await RunStepAsync(c, new RollBackTrafficStep("the canary share, after the failure"), CancellationToken.None).ConfigureAwait(false);
                    }

                    notes.Add("The canary share was sent back to the old release; Resume-BgDeployment shifts it again.");
                }
                catch (Exception ex)
                {
                    notes.Add($"Sending the canary share back failed ({ReleaseServices.FirstLine(ex.Message)}): traffic is still split.");
                }
            }

            bool rolledBack = false;
            if (!undoing && c.Options.RollbackOnFailure && !c.SwitchStarted && !c.MayHaveMigrated && !c.MaintenanceMayBeOn && !c.Journal.IsBroken)
            {
                try
                {
                    // Not cancellable: draining takes up to DrainTimeout, which bounds it.
                    await RunStepAsync(c, RemoveMachinesStep.New(_ => true), CancellationToken.None).ConfigureAwait(false);
                    await c.SetFactsAsync(f => f with { MigrationsReverted = true }, CancellationToken.None).ConfigureAwait(false);
                    await c.Run.SucceedAsync(DeploymentStatus.RolledBack, CancellationToken.None).ConfigureAwait(false);
                    rolledBack = true;
                    notes.Add("The new machines were removed (-RollbackOnFailure) and the lock released.");
                }
                catch (Exception ex)
                {
                    notes.Add($"Removing the new machines after the failure failed too ({ReleaseServices.FirstLine(ex.Message)}).");
                }
            }

            if (!rolledBack)
            {
                try
                {
                    await c.Run.FailAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    notes.Add($"The failure could not be recorded ({ReleaseServices.FirstLine(ex.Message)}); the journal still says InProgress, so Resume-BgDeployment and Undo-BgDeployment need -Force.");
                }
            }

            string where = await _release.DescribeTrafficAsync(c).ConfigureAwait(false);
            string next = rolledBack
                ? "Start a new deployment when the cause is fixed."
                : undoing
                ? $"Run Undo-BgDeployment -Id {c.Run.Id} again once the cause is fixed; the lock stays held until then."
                : $"Resume-BgDeployment -Id {c.Run.Id} goes on from the failed step once the cause is fixed; Undo-BgDeployment -Id {c.Run.Id} takes the deployment back" +
                  (c.SwitchStarted ? "." : " and removes its new machines.") + " The lock stays held until then.";
            string what = stopped
                ? $"Deployment {c.Run.Id} ({c.Options.Release}) was stopped" + (failedStep != null ? $" at step {failedStep}." : ".")
                : $"Deployment {c.Run.Id} ({c.Options.Release}) failed" + (failedStep != null ? $" at step {failedStep}: " : ": ") + ReleaseServices.FirstLine(failure.Message);
            string message = string.Join(" ", new[] { what, where }.Concat(notes).Concat(new[] { next }).Where(s => !string.IsNullOrEmpty(s)));
            _release.Reporter.Verbose(message);
            string id = stopped ? "DeploymentStopped" : failure is BlueGreenException bg ? bg.ErrorId : "DeploymentFailed";
            FailureCategory category = stopped ? FailureCategory.OperationStopped : failure is BlueGreenException b ? b.Category : FailureCategory.NotSpecified;
            return new DeploymentFailedException(id, category, message, c.Record, failure);
        }

        private async Task<string> TurnMaintenanceOffAfterFailureAsync(ReleaseContext c)
        {
            try
            {
                if (c.Journal.IsBroken)
                {
                    await _release.DisableMaintenanceAsync(c).ConfigureAwait(false);
                }
                else
                {
                    await RunStepAsync(c, new MaintenanceOffStep(ReleaseSteps.MaintenanceOffAfterFailure, _ => true), CancellationToken.None).ConfigureAwait(false);
                }

                return "Maintenance is off.";
            }
            catch (Exception ex)
            {
                c.MaintenanceOn = true;
                return $"MAINTENANCE MAY STILL BE ON: turning it off failed ({ReleaseServices.FirstLine(ex.Message)}). Resume-BgDeployment or Undo-BgDeployment turns it off first; by hand: Invoke-BgManage maintenance_mode off on every machine, or delete the load balancer rule tagged {Maintenance.LoadBalancerMaintenanceMode.TagKey}.";
            }
        }
    }
}
