using System.Globalization;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What the entry points check before they change anything (a refused Resume, Undo or Complete changes nothing,
    /// not even the lock), how they find the deployment, and how Complete reports a failure (the release stands).
    /// </summary>
    internal sealed class ReleaseRefusals
    {
        private readonly ReleaseServices _release;

        internal ReleaseRefusals(ReleaseServices release)
        {
            _release = release;
        }

        /// <summary>Deployment <paramref name="id"/>, or the latest when null; DeploymentNotFound / NoDeployment otherwise.</summary>
        internal async Task<DeploymentRecord> FindAsync(string? id, CancellationToken cancellationToken)
        {
            if (id != null)
            {
                return await _release.State.History.GetAsync(DeploymentIdentifier.Require(id), cancellationToken).ConfigureAwait(false)
                    ?? throw new BlueGreenException("DeploymentNotFound", FailureCategory.ObjectNotFound,
                        $"Project '{_release.Config.Project}' has no deployment {id}. Get-BgDeployment lists the recorded ones.", id);
            }

            IReadOnlyList<DeploymentRecord> latest = await _release.State.History.ListAsync(1, cancellationToken).ConfigureAwait(false);
            return latest.Count > 0 ? latest[0] : throw new BlueGreenException("NoDeployment", FailureCategory.ObjectNotFound,
                $"Project '{_release.Config.Project}' has no recorded deployment. Start one with Start-BgDeployment.", _release.Config.Project);
        }

        internal static void EnsureResumable(DeploymentRecord record)
        {
            if (record.Status == DeploymentStatus.Succeeded || record.Status == DeploymentStatus.Completed || record.Status == DeploymentStatus.RolledBack)
            {
                throw new BlueGreenException("NothingToResume", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) is {record.Status}: there is nothing to resume. " +
                    (record.Status == DeploymentStatus.RolledBack ? "Start a new deployment with Start-BgDeployment." : "Complete-BgDeployment removes its old machines; Undo-BgDeployment takes it back."),
                    record);
            }

            if (DeploymentFacts.FromFacts(record.Facts).Undoing)
            {
                throw new BlueGreenException("UndoInProgress", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) was being taken back (by Undo-BgDeployment or an automatic rollback) when it stopped: resuming would deploy it again onto a database that may be reverted. " +
                    $"Run Undo-BgDeployment -Id {record.Id} again to finish taking it back. Nothing was changed.", record);
            }
        }

        internal async Task EnsureUndoableAsync(ReleaseContext probe, bool keepNewMachines, CancellationToken cancellationToken)
        {
            DeploymentRecord record = probe.Record;
            if (record.Status == DeploymentStatus.Completed)
            {
                throw await OldMachinesGoneAsync(record, "its old machines were removed by Complete-BgDeployment", cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<string> newer = (await _release.State.History.ListIdsAsync(cancellationToken).ConfigureAwait(false)).Where(other => string.CompareOrdinal(other, record.Id) > 0).ToList();
            if (newer.Count > 0)
            {
                throw new BlueGreenException("NotLatestDeployment", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} is not the latest ({string.Join(", ", newer)} came after it): its old machines are not what the load balancer would go back to. Undo the latest first. Nothing was changed.", record);
            }

            if (record.Status == DeploymentStatus.RolledBack && !probe.MigrationsLeft && (keepNewMachines || (await probe.ExistingNewMachinesAsync(cancellationToken, everyTried: true).ConfigureAwait(false)).Count == 0))
            {
                throw new BlueGreenException("NothingToUndo", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} ({record.Release}) is already rolled back: traffic is on the old release, its migrations are reverted and its new machines are gone.", record);
            }

            // Read-only checks first: a refused undo changes nothing, not even the lock.
            TrafficState traffic = await _release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            ProjectTargetGroup oldGroup = traffic.Group(probe.FromArn);
            if (oldGroup.TargetCount == 0)
            {
                throw await OldMachinesGoneAsync(record, $"the old group {oldGroup.Name} has no machine", cancellationToken).ConfigureAwait(false);
            }

            bool trafficOnOld = !traffic.IsSplit && traffic.Live.Arn == probe.FromArn;
            if (oldGroup.HealthyCount < oldGroup.TargetCount && !trafficOnOld)
            {
                throw new BlueGreenException("OldMachinesUnhealthy", FailureCategory.ResourceUnavailable,
                    $"Only {oldGroup.HealthyCount} of the {oldGroup.TargetCount} old machine(s) in {oldGroup.Name} are healthy ({string.Join(", ", oldGroup.Targets)}), so sending the traffic back could take the site down. " +
                    "Nothing was changed. Fix or replace them (Get-BgMachine -Role Idle), then run Undo-BgDeployment again.",
                    oldGroup);
            }
        }

        /// <summary>Migrations left to revert need a new machine to revert them from (the new release's code has the reverse operations).</summary>
        internal static void EnsureRevertable(DeploymentRecord record, bool migrationsLeft, IReadOnlyList<Machines.Machine> newMachines)
        {
            if (migrationsLeft && newMachines.Count == 0)
            {
                throw new BlueGreenException("MigrationsNotRevertable", FailureCategory.InvalidOperation,
                    $"Deployment {record.Id} applied {string.Join(", ", record.MigrationsApplied)}, but none of its new machines is left to revert them from (the new release's code has the reverse operations). " +
                    "Launch one of the new release (New-BgMachine -TargetGroup None) and revert with Get-BgMigrationDiff | Undo-BgMigration.", record);
            }
        }

        /// <summary>The options of a deployment Complete-BgDeployment may complete now, or the refusal.</summary>
        internal ReleaseOptions EnsureCompletable(DeploymentRecord record, bool force)
        {
            if (record.Status != DeploymentStatus.Succeeded)
            {
                string why = record.Status switch
                {
                    DeploymentStatus.Completed => "it is Completed already: its old machines are gone",
                    DeploymentStatus.Ready => "it is Ready, paused before the switch: Resume-BgDeployment switches it",
                    DeploymentStatus.RolledBack => "it was rolled back: the old release is live, and Undo-BgDeployment removes the new machines",
                    _ => $"it is {record.Status}: Resume-BgDeployment finishes it, or Undo-BgDeployment takes it back",
                };
                throw new BlueGreenException("DeploymentNotSucceeded", FailureCategory.InvalidOperation, $"Deployment {record.Id} ({record.Release}) cannot be completed: {why}. Nothing was changed.", record);
            }

            ReleaseOptions options = ReleaseOptions.FromFacts(record);
            DateTime? switched = DeploymentFacts.FromFacts(record.Facts).SwitchedAt ?? record.FindStep(ReleaseSteps.SwitchTraffic)?.EndedAt;
            if (switched is DateTime switchedAt)
            {
                // The project's bake time holds even for a deployment started with a shorter -BakeTime.
                TimeSpan bake = options.BakeTime > _release.Config.Deployment.BakeTime ? options.BakeTime : _release.Config.Deployment.BakeTime;
                TimeSpan left = switchedAt.ToUniversalTime() + bake - _release.Clock();
                if (left > TimeSpan.Zero && !force)
                {
                    throw new BlueGreenException("BakeTimeNotOver", FailureCategory.InvalidOperation,
                        $"Deployment {record.Id} switched at {switchedAt:u} and bakes for {bake}: {Math.Ceiling(left.TotalSeconds)} s are left, during which Undo-BgDeployment needs the old machines. " +
                        "Nothing was changed. Run again later, or pass -Force to remove them now.", record);
                }
            }

            return options;
        }

        /// <summary>Complete failed: the release itself stands, so it is recorded Succeeded again (lock released) and the error says what was not removed.</summary>
        internal async Task<DeploymentFailedException> CompleteFailedAsync(ReleaseContext c, DeploymentRecord record, Exception ex, CancellationToken cancellationToken)
        {
            try
            {
                await c.Run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The lock stays; the error below says so.
            }

            bool stopped = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            return new DeploymentFailedException(stopped ? "DeploymentStopped" : ex is BlueGreenException bg ? bg.ErrorId : "CompleteFailed",
                stopped ? FailureCategory.OperationStopped : ex is BlueGreenException b ? b.Category : FailureCategory.NotSpecified,
                $"Completing deployment {record.Id} {(stopped ? "was stopped" : "failed: " + ReleaseServices.FirstLine(ex.Message))} The new release stays live; run Complete-BgDeployment again to remove what is left.",
                c.Record, ex);
        }

        private async Task<BlueGreenException> OldMachinesGoneAsync(DeploymentRecord record, string why, CancellationToken cancellationToken)
        {
            IReadOnlyList<DeploymentRecord> all = await _release.State.History.ListAsync(null, cancellationToken).ConfigureAwait(false);
            DeploymentRecord? previous = all.Where(d => string.CompareOrdinal(d.Id, record.Id) < 0 && (d.Status == DeploymentStatus.Succeeded || d.Status == DeploymentStatus.Completed)).FirstOrDefault();
            string redeploy = previous != null
                ? $"To go back, roll back to the previous release: check out {previous.Release} and run Start-BgDeployment -Release {previous.Release} -Rollback (it reverts {record.Release}'s migrations with the code now live)."
                : "To go back, check out the previous release and run Start-BgDeployment -Release <it> -Rollback (it reverts the newer migrations with the code now live).";
            return new BlueGreenException("OldMachinesGone", FailureCategory.InvalidOperation,
                $"Deployment {record.Id} ({record.Release}) cannot be undone: {why}. Nothing was changed. {redeploy}", record);
        }
    }
}
