namespace BlueGreen.Maintenance
{
    /// <summary>What happened to one part (a load balancer rule, a machine) of turning maintenance on or off.</summary>
    public enum MaintenanceOutcome
    {
        /// <summary>This call made the change (rule created or deleted, command succeeded).</summary>
        Changed,

        /// <summary>Nothing to do: the part already was in the wanted state (a rule left by an earlier run is kept).</summary>
        AlreadyInPlace,

        /// <summary>The change failed; see <see cref="MaintenanceChange.Error"/>.</summary>
        Failed,

        /// <summary>Turning on failed elsewhere, and this part's change was taken back.</summary>
        Undone,

        /// <summary>Turning on failed elsewhere, and taking this part's change back failed too: it may still be on.</summary>
        UndoFailed,
    }
}
