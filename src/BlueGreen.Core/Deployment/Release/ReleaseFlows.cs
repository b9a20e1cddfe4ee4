using BlueGreen.Configuration;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The release's flows as data: the steps of Start and Resume (one flow: a resume skips what the journal shows
    /// done), of the rollback after a degraded canary or bake, of Undo and of Complete, in the order they run. Each
    /// step decides from the journal whether it applies and whether it is done; <see cref="ReleaseRunner"/> runs them.
    /// </summary>
    internal static class ReleaseFlows
    {
        /// <summary>Start-BgDeployment and Resume-BgDeployment.</summary>
        /// <param name="canarySteps">How many canary shares the release has (-CanarySteps): each after the first adds its shift and its watch.</param>
        /// <param name="rollback">A rollback to an older release: the migrations it does not have are checked and reverted where a release checks and migrates.</param>
        internal static IReadOnlyList<ReleaseStep> Release(int canarySteps = 1, bool rollback = false)
        {
            var further = new List<ReleaseStep>();
            for (int i = 1; i < canarySteps; i++)
            {
                further.Add(SwitchStep.Canary(i));
                further.Add(WatchStep.Canary(i));
            }

            return Release(further, rollback);
        }

        private static IReadOnlyList<ReleaseStep> Release(IEnumerable<ReleaseStep> furtherCanarySteps, bool rollback) => new ReleaseStep?[]
        {
            // A run cut off inside the maintenance window (kill -9) left it open: users first. The window opens again
            // at MaintenanceOn if the switch still needs it.
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOffAfterFailure, c => c.Resuming && c.MaintenanceMayBeOn, "left on by the run that was cut off"),
            new LaunchMachinesStep(),
            new WaitForHealthyStep(),
            rollback ? new CheckRollbackMigrationsStep() : new CheckMigrationsStep(),
            new SmokeCheckStep(),
            new BeforeSwitchStep(),
            new PauseStep(),
            // Auto with a window: the compatible migrations no incompatible one precedes, while the old release serves.
            rollback ? null : new MigrateBeforeWindowStep(),
            new MaintenanceOnStep(c => NeedsMaintenance(c) && !c.Done(ReleaseSteps.MaintenanceOff) && !c.Done(FirstShift(c))),
            rollback ? new RevertForRollbackStep(c => !RevertAfterSwitch(c)) : new MigrateStep(),
            SwitchStep.Canary(0),
            SwitchStep.Full(),
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOff, c => c.MaintenanceMayBeOn && !c.Done(ReleaseSteps.MaintenanceOff)),
            WatchStep.Canary(0),
        }
        .OfType<ReleaseStep>()
        .Concat(furtherCanarySteps)
        .Concat(new ReleaseStep?[]
        {
            SwitchStep.Rest(),
            // A rollback whose reverts the older release runs beside: once it serves every route, with no window.
            rollback ? new RevertForRollbackStep(RevertAfterSwitch) : null,
            WatchStep.Bake(),
        }.OfType<ReleaseStep>())
        .ToList();

        /// <summary>
        /// After a degraded canary or bake: traffic back, and the migrations too when the project opts in. A rollback
        /// to an older release re-applies what it reverted first, whatever the option: the release traffic goes back
        /// to needs those migrations.
        /// </summary>
        internal static IReadOnlyList<ReleaseStep> RollBack(bool rollback, string why, bool revert) => rollback ? UndoRollback(keepNewMachines: true, "automatic, after: " + why) : new ReleaseStep[]
        {
            new RollBackTrafficStep("automatic, after: " + why, skipWhenBack: false),
            new MaintenanceOnStep(c => revert && RevertUnderWindow(c), "to revert migrations"),
            new RevertMigrationsStep(_ => revert),
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOff, c => revert && RevertUnderWindow(c), "after the revert"),
        };

        /// <summary>
        /// Undo-BgDeployment: with migrations left, reverted inside a maintenance window before traffic goes back;
        /// when they were all compatible with the old release (or Maintenance is Never), traffic back first, then the
        /// revert, with no window.
        /// </summary>
        internal static IReadOnlyList<ReleaseStep> Undo(bool migrationsLeft, bool keepNewMachines) => new ReleaseStep[]
        {
            new MaintenanceOnStep(c => migrationsLeft && RevertUnderWindow(c), "to revert migrations"),
            new RevertMigrationsStep(c => migrationsLeft && RevertUnderWindow(c)),
            new RollBackTrafficStep("to the old release"),
            new RevertMigrationsStep(c => migrationsLeft && !RevertUnderWindow(c)),
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOff, c => migrationsLeft && RevertUnderWindow(c), "after the revert"),
            // A crashed run left the window open.
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOff, c => !(migrationsLeft && RevertUnderWindow(c)) && c.MaintenanceMayBeOn, "left on by the deployment"),
            RemoveMachinesStep.New(c => !keepNewMachines && c.NewMachines.Count > 0),
        };

        /// <summary>
        /// Undo-BgDeployment of a rollback to an older release: the migrations it reverted re-applied on a machine of
        /// the release it replaced before traffic goes back to that release: inside a maintenance window, unless the
        /// reverts were all compatible with the older release (it serves while they are re-applied) or Never.
        /// </summary>
        internal static IReadOnlyList<ReleaseStep> UndoRollback(bool keepNewMachines, string detail = "to the release the rollback replaced") => new ReleaseStep[]
        {
            new MaintenanceOnStep(c => c.MayHaveRevertedForRollback && RevertUnderWindow(c), "to re-apply the migrations the rollback reverted"),
            new ReapplyMigrationsStep(),
            new RollBackTrafficStep(detail, skipWhenBack: !detail.StartsWith("automatic", System.StringComparison.Ordinal)),
            new MaintenanceOffStep(ReleaseSteps.MaintenanceOff, c => c.MaintenanceMayBeOn, "after the re-apply"),
            RemoveMachinesStep.New(c => !keepNewMachines && c.NewMachines.Count > 0),
        };

        /// <summary>Complete-BgDeployment.</summary>
        internal static IReadOnlyList<ReleaseStep> Complete() => new ReleaseStep[] { RemoveMachinesStep.Old() };

        private static bool NeedsMaintenance(ReleaseContext c) => MaintenanceDecision.NeedsWindow(c.Options.Maintenance, c.Facts);

        private static bool RevertUnderWindow(ReleaseContext c) => MaintenanceDecision.RevertUnderWindow(c.Options.Maintenance, c.Facts, c.OnlyMigratedBeforeWindow);

        private static bool RevertAfterSwitch(ReleaseContext c) => MaintenanceDecision.RevertAfterSwitch(c.Options.Maintenance, c.Facts);

        private static string FirstShift(ReleaseContext c) => c.Options.CanaryWeight > 0 ? ReleaseSteps.SwitchCanary : ReleaseSteps.SwitchTraffic;
    }
}
