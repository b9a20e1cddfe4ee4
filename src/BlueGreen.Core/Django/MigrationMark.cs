namespace BlueGreen.Django
{
    /// <summary>The box showmigrations prints in front of a migration.</summary>
    public enum MigrationMark
    {
        /// <summary><c>[ ]</c></summary>
        NotApplied,

        /// <summary><c>[X]</c></summary>
        Applied,

        /// <summary>
        /// <c>[-]</c> (Django 4.1+): a squashed migration whose replaced migrations are all applied but which is not
        /// recorded itself yet. Django treats it as applied; so does BlueGreen.
        /// </summary>
        AppliedNotRecorded,
    }
}
