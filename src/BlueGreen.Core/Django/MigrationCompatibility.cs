namespace BlueGreen.Django
{
    /// <summary>Whether the release now serving keeps working once a migration is applied.</summary>
    public enum MigrationCompatibility
    {
        /// <summary>The running release keeps working: the migration may run while it serves, without a window.</summary>
        Compatible,

        /// <summary>The running release breaks (a column it uses dropped, NOT NULL without a default, ...): it needs a window.</summary>
        Incompatible,

        /// <summary>Code BlueGreen cannot judge (RunPython, RunSQL, an operation it has no rule for) and no declaration: treated as incompatible.</summary>
        Unknown,
    }
}
