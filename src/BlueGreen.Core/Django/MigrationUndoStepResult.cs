namespace BlueGreen.Django
{
    /// <summary>One undo step that ran (Undo-BgMigration's output): the migrate command and what it unapplied.</summary>
    public sealed class MigrationUndoStepResult
    {
        public MigrationUndoStepResult(MigrationUndoStep step, TimeSpan duration)
        {
            App = step.App;
            Target = step.Target;
            Unapplied = step.Unapplies.Select(key => key.ToString()).ToArray();
            Duration = duration;
        }

        public string App { get; }

        public string Target { get; }

        /// <summary>app.name of every migration the step unapplied, newest first.</summary>
        public IReadOnlyList<string> Unapplied { get; }

        public TimeSpan Duration { get; }

        public override string ToString() => $"migrate {App} {Target}";
    }
}
