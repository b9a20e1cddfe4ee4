namespace BlueGreen.Deployment
{
    /// <summary>How a step's end is written: at once, or carried by the journal's next write (in the next step's first value).</summary>
    public sealed partial class DeploymentJournal
    {
        /// <summary>Records the end of <paramref name="step"/>: its outcome and, for a failure, a short error.</summary>
        public Task<DeploymentStep> EndStepAsync(DeploymentStep step, StepOutcome outcome, string? error, CancellationToken cancellationToken)
        {
            CheckEnd(step, outcome);
            return WriteAsync($"the end of step {step.Number} ('{step.Name}')", async () =>
            {
                DeploymentStateCodec.StepDocument ended = Ended(step, outcome, error);
                string value = DeploymentStateCodec.Write(ended, $"step {ended.N}");
                _reporter.Verbose($"Journal {Id}: step {ended.N} '{ended.Name}' {outcome}.");
                await _store.PutAsync(_location.StepName(Id, ended.N), value, CancellationToken.None).ConfigureAwait(false);
                _steps[ended.N] = ended;
                return ToStep(ended);
            }, cancellationToken);
        }

        /// <summary>
        /// Ends <paramref name="step"/> Succeeded or Skipped, written with the journal's next write instead of its own:
        /// in the same value as the next step's start (<see cref="BeginStepAsync"/>, <see cref="RecordSkippedStepAsync"/>),
        /// or just before any other write. Until then the store still says Started, which after a crash means what it
        /// always means, "may have been done", and <see cref="Record"/> already says ended. For a step whose effect is
        /// over and is followed by no effect before the journal's next write (the release's steps: what runs between
        /// two steps only reads).
        /// </summary>
        public Task<DeploymentStep> EndStepWithNextWriteAsync(DeploymentStep step, StepOutcome outcome, CancellationToken cancellationToken)
        {
            CheckEnd(step, outcome);
            if (outcome == StepOutcome.Failed)
            {
                throw new ArgumentOutOfRangeException(nameof(outcome), "A failed step is recorded at once (EndStepAsync).");
            }

            return WriteAsync($"the end of step {step.Number} ('{step.Name}')", () =>
            {
                DeploymentStateCodec.StepDocument ended = Ended(step, outcome, null);
                _steps[ended.N] = ended;
                _unwrittenEnd = ended;
                return Task.FromResult(ToStep(ended));
            }, cancellationToken);
        }

        private static void CheckEnd(DeploymentStep step, StepOutcome outcome)
        {
            if (step == null)
            {
                throw new ArgumentNullException(nameof(step));
            }

            if (outcome == StepOutcome.Started)
            {
                throw new ArgumentOutOfRangeException(nameof(outcome), "A step ends Succeeded, Failed or Skipped.");
            }
        }

        /// <summary>Step <paramref name="step"/> (a started step of this journal) ended now with <paramref name="outcome"/>.</summary>
        private DeploymentStateCodec.StepDocument Ended(DeploymentStep step, StepOutcome outcome, string? error)
        {
            if (!_steps.TryGetValue(step.Number, out DeploymentStateCodec.StepDocument? current) || current.Outcome != StepOutcome.Started)
            {
                throw new InvalidOperationException($"Step {step.Number} of deployment {Id} is not a started step of this journal.");
            }

            var ended = new DeploymentStateCodec.StepDocument
            {
                N = current.N,
                Name = current.Name,
                Detail = current.Detail,
                Start = current.Start,
                End = _clock(),
                Outcome = outcome,
                Error = string.IsNullOrWhiteSpace(error) ? null : DeploymentTextLimits.ShortenError(error!),
                Ends = current.Ends,
            };
            FitError(ended);
            return ended;
        }

        /// <summary>The value of new step <paramref name="step"/> that also ends step <paramref name="earlier"/>.</summary>
        private static DeploymentStateCodec.StepDocument With(DeploymentStateCodec.StepDocument step, DeploymentStateCodec.StepDocument earlier) =>
            new DeploymentStateCodec.StepDocument
            {
                N = step.N,
                Name = step.Name,
                Detail = step.Detail,
                Start = step.Start,
                End = step.End,
                Outcome = step.Outcome,
                Ends = new DeploymentStateCodec.StepEndDocument { N = earlier.N, Outcome = earlier.Outcome, End = earlier.End!.Value },
            };

        /// <summary>
        /// Applies the step ends written with a later step (<see cref="EndStepWithNextWriteAsync"/>) to the steps they
        /// end, as read from the store (a journal written before such ends has none).
        /// </summary>
        internal static void ApplyJoinedEnds(List<DeploymentStateCodec.StepDocument> steps)
        {
            foreach (DeploymentStateCodec.StepDocument later in steps.Where(s => s.Ends != null).ToList())
            {
                // Ends stays on the later step: rewriting that step (its own end) writes it again.
                DeploymentStateCodec.StepEndDocument end = later.Ends!;
                DeploymentStateCodec.StepDocument? ended = steps.FirstOrDefault(s => s.N == end.N);
                if (ended != null && ended.Outcome == StepOutcome.Started)
                {
                    ended.Outcome = end.Outcome;
                    ended.End = end.End;
                }
            }
        }
    }
}
