namespace BlueGreen.Django
{
    /// <summary>Where a migration stands from one release's point of view.</summary>
    public enum MigrationState
    {
        /// <summary>The release does not have this migration (no file, or hidden behind a squashed migration).</summary>
        Absent,

        /// <summary>The release has the migration; the database has not applied it.</summary>
        NotApplied,

        /// <summary>The release has the migration and the database has applied it.</summary>
        Applied,
    }
}
