using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Undo-BgMigration's engine. Runs on the NEW release's manage command (only it has the migration files to
    /// unapply): reads its plan, plans the steps (<see cref="MigrationUndoPlanner"/>), has Django plan every step
    /// first and stops on any IRREVERSIBLE operation before changing anything, asks for approval of every step, runs
    /// the approved steps in order (up to the first declined one), then reads the plan again and fails unless
    /// the applied migrations are exactly the expected ones.
    /// </summary>
    public sealed class MigrationUndo
    {
        public const int ProgressActivityId = 5200;

        private readonly DjangoManageClient _manage;
        private readonly IOperationReporter _reporter;
        private readonly IChangeApproval _approval;

        public MigrationUndo(DjangoManageClient manage, IChangeApproval approval, IOperationReporter? reporter = null)
        {
            _manage = manage;
            _approval = approval;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <param name="completed">Called after each step that ran (e.g. to write it to the pipeline at once).</param>
        /// <param name="newMachine">The machine <paramref name="newRelease"/> reaches, named in every approval request; null for a local command.</param>
        public async Task<IReadOnlyList<MigrationUndoStepResult>> RunAsync(IReadOnlyList<MigrationUndoRequest> requests, ManageCommand newRelease,
            CancellationToken cancellation, Action<MigrationUndoStepResult>? completed = null, string? newMachine = null)
        {
            const string activity = "Undoing migrations";
            var results = new List<MigrationUndoStepResult>();
            try
            {
                _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "Reading the new release's plan", 0));
                if (newMachine != null)
                {
                    _reporter.Verbose($"Undoing on machine {newMachine} (the new release's code) with {newRelease}.");
                }

                ShowMigrationsPlan before = await _manage.ReadPlanAsync(newRelease, cancellation).ConfigureAwait(false);
                MigrationUndoPlan plan = MigrationUndoPlanner.Plan(before, requests);
                if (plan.AlreadyUnapplied.Count > 0)
                {
                    _reporter.Verbose($"Already unapplied, nothing to do: {MigrationUndoPlanner.Join(plan.AlreadyUnapplied)}.");
                }

                if (plan.IsEmpty)
                {
                    _reporter.Verbose("No migration to unapply: the database already has the old release's migrations.");
                    return results;
                }

                _reporter.Verbose("Plan: " + string.Join("; ", plan.Steps.Select(step => step.ToString())));
                await CheckWithDjangoAsync(plan, newRelease, cancellation).ConfigureAwait(false);

                // Every step is put to the caller (so -WhatIf shows them all); only the steps before the first declined
                // one run, because Django's cascades in later steps assume the earlier ones ran.
                bool[] answers = plan.Steps.Select(step => _approval.Approve(newMachine == null ? $"{step.App} ({newRelease})" : $"{step.App} on {newMachine} ({newRelease})",
                    $"Unapply {step.Unapplies.Count} migration(s) with '{step.Description}': {MigrationUndoPlanner.Join(step.Unapplies)}")).ToArray();
                List<MigrationUndoStep> approved = plan.Steps.TakeWhile((step, index) => answers[index]).ToList();
                if (approved.Count < plan.Steps.Count && answers.Skip(approved.Count).Any(answer => answer))
                {
                    _reporter.Warning($"Only the first {approved.Count} of {plan.Steps.Count} steps run: step {approved.Count + 1} ('{plan.Steps[approved.Count].Description}') was declined, and the later steps assume it ran.");
                }

                var applied = new HashSet<MigrationKey>(before.AppliedKeys);
                for (int index = 0; index < approved.Count; index++)
                {
                    MigrationUndoStep step = approved[index];
                    _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, $"{step.Description} ({index + 1}/{plan.Steps.Count})", 10 + 80 * index / plan.Steps.Count));
                    CommandResult result = await _manage.MigrateAsync(newRelease, step, cancellation).ConfigureAwait(false);
                    foreach (string line in result.StandardOutput.Where(line => line.Trim().Length > 0))
                    {
                        _reporter.Verbose(line.TrimEnd());
                    }

                    applied.ExceptWith(step.Unapplies);
                    var stepResult = new MigrationUndoStepResult(step, result.Duration);
                    results.Add(stepResult);
                    completed?.Invoke(stepResult);
                }

                if (approved.Count > 0)
                {
                    _reporter.Progress(new ProgressUpdate(ProgressActivityId, activity, "Verifying the database's migrations", 95));
                    ShowMigrationsPlan after = await _manage.ReadPlanAsync(newRelease, cancellation).ConfigureAwait(false);
                    Verify(after, applied);
                }

                return results;
            }
            finally
            {
                _reporter.Complete(ProgressActivityId);
            }
        }

        private async Task CheckWithDjangoAsync(MigrationUndoPlan plan, ManageCommand newRelease, CancellationToken cancellation)
        {
            var irreversible = new List<PlannedMigration>();
            for (int index = 0; index < plan.Steps.Count; index++)
            {
                MigrationUndoStep step = plan.Steps[index];
                MigrateCommandPlan djangoPlan = await _manage.ReadMigratePlanAsync(newRelease, step.PlanArguments, cancellation).ConfigureAwait(false);
                var planned = new HashSet<MigrationKey>(djangoPlan.Migrations.Select(m => m.Key));

                // Django plans each step against the database as it is now, before any step ran: the first step must
                // match exactly; later steps may include what the earlier steps' cascades will already have unapplied.
                bool matches = index == 0 ? planned.SetEquals(step.Unapplies) : planned.IsSupersetOf(step.Unapplies);
                if (!matches)
                {
                    throw new BlueGreenException("UndoPlanMismatch", FailureCategory.InvalidResult,
                        $"Django plans '{step.Description}' as unapplying {MigrationUndoPlanner.Join(djangoPlan.Migrations.Select(m => m.Key))}, but BlueGreen expected {MigrationUndoPlanner.Join(step.Unapplies)}. Nothing was changed; the database may have changed since the plan was read: run Get-BgMigrationDiff again.",
                        step.Description);
                }

                irreversible.AddRange(djangoPlan.IrreversibleMigrations.Where(m => step.Unapplies.Contains(m.Key) && irreversible.All(i => !i.Key.Equals(m.Key))));
            }

            if (irreversible.Count > 0)
            {
                string details = string.Join("; ", irreversible.Select(m =>
                    $"{m.Key} ({string.Join(", ", m.Operations.Where(o => o.IsIrreversible).Select(o => o.Description))})"));
                throw new BlueGreenException("IrreversibleMigration", FailureCategory.InvalidOperation,
                    $"Django cannot unapply {details}: a RunPython without reverse code or a RunSQL without reverse SQL. Nothing was changed. Give the operation a reverse (RunPython.noop if nothing has to be undone) in a new release, or restore the database from a backup.",
                    irreversible[0].Key.ToString());
            }
        }

        private static void Verify(ShowMigrationsPlan after, ISet<MigrationKey> expected)
        {
            var actual = new HashSet<MigrationKey>(after.AppliedKeys);
            MigrationKey[] stillApplied = actual.Except(expected).OrderBy(after.PositionOf).ToArray();
            MigrationKey[] lost = expected.Except(actual).OrderBy(key => key.ToString(), StringComparer.Ordinal).ToArray();
            if (stillApplied.Length > 0 || lost.Length > 0)
            {
                var problems = new List<string>();
                if (stillApplied.Length > 0)
                {
                    problems.Add("still applied: " + MigrationUndoPlanner.Join(stillApplied));
                }

                if (lost.Length > 0)
                {
                    problems.Add("no longer applied although the old release has them: " + MigrationUndoPlanner.Join(lost));
                }

                throw new BlueGreenException("UndoVerificationFailed", FailureCategory.InvalidResult,
                    $"After the undo the database's migrations are not the old release's: {string.Join("; ", problems)}. Check 'manage.py showmigrations' on the new release and fix the difference before switching traffic back.",
                    string.Join(", ", stillApplied.Concat(lost).Select(key => key.ToString())));
            }
        }
    }
}
