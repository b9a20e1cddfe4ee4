namespace BlueGreen.Deployment
{
    /// <summary>The journal's step names of the deployment cmdlets, in the order Start-BgDeployment runs them.</summary>
    public static class ReleaseSteps
    {
        public const string LaunchMachines = "LaunchMachines";
        public const string WaitForHealthy = "WaitForHealthy";
        public const string CheckMigrations = "CheckMigrations";
        public const string SmokeCheck = "SmokeCheck";
        public const string BeforeSwitch = "BeforeSwitch";
        public const string Pause = "Pause";
        /// <summary>Auto with a window: the compatible migrations no incompatible one precedes, migrated before the window opens.</summary>
        public const string MigrateBeforeWindow = "MigrateBeforeWindow";

        public const string MaintenanceOn = "MaintenanceOn";
        public const string Migrate = "Migrate";
        public const string SwitchCanary = "SwitchCanary";
        public const string WatchCanary = "WatchCanary";
        public const string SwitchTraffic = "SwitchTraffic";
        public const string MaintenanceOff = "MaintenanceOff";
        public const string Bake = "Bake";

        /// <summary>Maintenance turned off on the way out of a failure (not the end of the window: the switch may not have happened).</summary>
        public const string MaintenanceOffAfterFailure = "MaintenanceOffAfterFailure";

        public const string RollBackTraffic = "RollBackTraffic";
        public const string RevertMigrations = "RevertMigrations";
        public const string RemoveNewMachines = "RemoveNewMachines";
        public const string RemoveOldMachines = "RemoveOldMachines";

        /// <summary>A rollback's check: the migrations to revert, read from a live machine against a new (older) one.</summary>
        public const string CheckRollbackMigrations = "CheckRollbackMigrations";

        /// <summary>A rollback's Migrate: the newer migrations reverted on a live machine, down to the older release's.</summary>
        public const string RevertForRollback = "RevertForRollback";

        /// <summary>Compensation of RevertForRollback: migrate on an old machine, whose newer code has them.</summary>
        public const string ReapplyMigrations = "ReapplyMigrations";
    }
}
